import { define } from "../lib/app/state.ts";
import Chat from "../islands/Chat.tsx";

/** The chat page: the server renders the shell; the Chat island hydrates it. */
export default define.page(function Home() {
  return (
    <main id="main" class="chat-page">
      <Chat />
    </main>
  );
});
