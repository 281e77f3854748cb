import { useSignal } from "@preact/signals";

/** The chat island. (Foundation placeholder: the chat UI issue fills it in.) */
export default function Chat(props: { greeting?: string }) {
  const question = useSignal("");
  const asked = useSignal<string[]>([]);
  return (
    <section class="chat" aria-label="Chat">
      <p class="chat-greeting">{props.greeting ?? "Ask anything about the lore."}</p>
      <ol class="chat-log">
        {asked.value.map((q, i) => <li key={i}>{q}</li>)}
      </ol>
      <form
        class="composer"
        method="post"
        action="/"
        onSubmit={(event) => {
          event.preventDefault();
          if (question.value.trim()) asked.value = [...asked.value, question.value.trim()];
          question.value = "";
        }}
      >
        <label for="question" class="visually-hidden">Your question</label>
        <textarea
          id="question"
          name="question"
          rows={2}
          value={question.value}
          onInput={(e) => (question.value = (e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}
