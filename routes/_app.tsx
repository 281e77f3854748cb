import type { AppProps } from "../lib/web/mod.ts";
import type { AppState } from "../lib/app/state.ts";
import { SiteHeader } from "../components/SiteHeader.tsx";

/** The document shell every page renders inside. */
export default function App({ Component, url, state }: AppProps<AppState>) {
  const collections = state.collections?.service.list().map(({ name, title }) => ({
    name,
    title,
  }));
  const current = /^\/c\/([a-z0-9-]+)/.exec(url.pathname)?.[1] ?? "default";
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>LoreChat</title>
        <meta name="description" content="Ask questions about your lore; answers cite sources." />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/styles.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <SiteHeader collections={collections} current={current} />
        <Component />
      </body>
    </html>
  );
}
