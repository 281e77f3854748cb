import type { ErrorPageProps } from "../lib/web/mod.ts";

/** HTML "not found" page for non-API paths. */
export default function NotFound({ url }: ErrorPageProps) {
  return (
    <main id="main" class="page error-page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{url.pathname}</code>. <a href="/">Back to the chat</a>.
      </p>
    </main>
  );
}
