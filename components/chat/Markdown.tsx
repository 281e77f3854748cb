import { renderMarkdown } from "../../lib/ui/mod.ts";

/** Props of {@linkcode Markdown}. */
export interface MarkdownProps {
  text: string;
  /** Where citation `[n]` links to, or null when source `n` does not exist. */
  citeHref?: (n: number) => string | null;
}

/** An answer's Markdown as elements: no HTML string is ever parsed (sanitised by construction). */
export function Markdown({ text, citeHref }: MarkdownProps) {
  return <div class="md" dir="auto">{renderMarkdown(text, { citeHref })}</div>;
}
