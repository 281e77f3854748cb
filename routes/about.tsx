import { define } from "../lib/app/state.ts";

/** A page with no island: it ships no JavaScript at all. */
export default define.page(function About({ state }) {
  return (
    <main id="main" class="page prose">
      <h1>About LoreChat</h1>
      <p>
        LoreChat answers questions about a body of lore — a game wiki, a setting bible, a rules site
        — with streamed answers that cite the pages they come from.
      </p>
      <p>
        This instance answers with the <strong>{state.config.llmProvider}</strong> provider over the
        {" "}
        <strong>{state.config.VECTOR_STORE}</strong> store. Version {state.version}.
      </p>
    </main>
  );
});
