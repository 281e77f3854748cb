import type { ServiceInfo } from "../../lib/ui/mod.ts";

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/** `2026-11-25T…` → `25 Nov 2026`, the same on server and browser (no locale drift). */
export function formatDay(iso: string | null | undefined): string | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : null;
}

/** Props of {@linkcode EmptyState}. */
export interface EmptyStateProps {
  info: ServiceInfo | null;
  /** Asks a suggestion (the island); without it the buttons submit the form. */
  onAsk?: (question: string) => void;
}

/** The first screen: what LoreChat knows and a few questions to start with. */
export function EmptyState({ info, onAsk }: EmptyStateProps) {
  const c = info?.collection;
  const day = formatDay(c?.lastIndexedAt);
  const named = info?.current && info.current.name !== "default" ? info.current : null;
  const persona = info?.current?.persona;
  return (
    <div class="empty">
      <img class="empty-logo" src="/favicon.svg" alt="" width={56} height={56} />
      <h2 class="empty-title">
        {named ? `Ask ${named.title}` : "What would you like to know?"}
      </h2>
      {info?.current?.description && <p class="empty-lede">{info.current.description}</p>}
      {persona && <p class="empty-persona">Answers in character: {persona}</p>}
      <p class="empty-lede">
        {c && c.documents > 0
          ? `LoreChat has read ${c.documents} ${c.documents === 1 ? "page" : "pages"} ` +
            `(${c.chunks} passages)${day ? `, last updated ${day}` : ""}. ` +
            "Every answer cites the pages it comes from."
          : "LoreChat answers questions about the lore it has indexed, and cites its sources."}
      </p>
      {info && info.suggestions.length > 0 && (
        <ul class="suggestions" aria-label="Suggested questions">
          {info.suggestions.map((q) => (
            <li key={q}>
              <button
                type="submit"
                form="composer"
                name="question"
                value={q}
                formNoValidate
                class="suggestion"
                onClick={onAsk &&
                  ((e) => {
                    e.preventDefault();
                    onAsk(q);
                  })}
              >
                {q}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
