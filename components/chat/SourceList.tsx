import { safeHref, type Source } from "../../lib/ui/mod.ts";
import { Icon } from "../Icon.tsx";

/** Props of {@linkcode SourceList}. */
export interface SourceListProps {
  sources: Source[];
  /** Numbers the answer cited; they are highlighted. */
  cited?: number[];
  /** Makes card ids unique on a page with several answers: `${idPrefix}source-${n}`. */
  idPrefix: string;
}

/** The id of source card `n` of the answer whose ids start with `idPrefix`. */
export const sourceId = (idPrefix: string, n: number) => `${idPrefix}source-${n}`;

/**
 * The passages an answer was written from, as numbered cards linking to the pages: the
 * original when it has a public URL (with this site's reader beside it), else the reader.
 */
export function SourceList({ sources, cited = [], idPrefix }: SourceListProps) {
  return (
    <section class="sources" aria-label="Sources">
      <ol class="source-list">
        {sources.map((s) => {
          const href = s.url ? safeHref(s.url) : null;
          const heading = s.heading && s.heading !== s.title ? s.heading : "";
          return (
            <li
              key={s.n}
              id={sourceId(idPrefix, s.n)}
              class={cited.includes(s.n) ? "source is-cited" : "source"}
              tabIndex={-1}
            >
              <span class="source-n" aria-hidden="true">{s.n}</span>
              <div class="source-body" dir="auto">
                {href
                  ? (
                    <a class="source-title" href={href} target="_blank" rel="noopener noreferrer">
                      <span class="visually-hidden">Source {s.n}:</span>
                      {s.title}
                      <Icon name="external" />
                    </a>
                  )
                  : s.reader
                  ? (
                    <a class="source-title" href={s.reader}>
                      <span class="visually-hidden">Source {s.n}:</span>
                      {s.title}
                    </a>
                  )
                  : <span class="source-title">{s.title}</span>}
                {heading && <span class="source-heading">{heading}</span>}
                {href && s.reader && (
                  <a class="source-reader" href={s.reader}>
                    Read the passage here<span class="visually-hidden">: {s.title}</span>
                  </a>
                )}
                {s.snippet && <p class="source-snippet">{s.snippet}</p>}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
