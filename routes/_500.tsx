import type { ErrorPageProps } from "../lib/web/mod.ts";

/** HTML error page; in production `message` is a plain sentence, never a stack trace. */
export default function ServerError({ message }: ErrorPageProps) {
  return (
    <main id="main" class="page error-page">
      <h1>Something went wrong</h1>
      <pre class="error-detail">{message}</pre>
      <p>
        <a href="/">Back to the chat</a>
      </p>
    </main>
  );
}
