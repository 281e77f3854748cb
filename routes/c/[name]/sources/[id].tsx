import { define } from "../../../../lib/app/state.ts";
import {
  type ArchivedPage,
  isPdf,
  type ReaderSection,
  readerSections,
} from "../../../../lib/collections/mod.ts";
import { renderMarkdown, safeHref } from "../../../../lib/ui/mod.ts";

/** What the reader page shows. */
interface ReaderData {
  collection: { name: string; title: string };
  page: Omit<ArchivedPage, "markdown">;
  sections: ReaderSection[];
  pdf: boolean;
}

/**
 * The source reader: the cleaned page a passage was cited from, rendered on the server
 * (no script), each stored chunk a section `#chunk-<n>` — the cited one is the URL's
 * target, so the browser scrolls to it and CSS highlights it.
 */
export const handler = define.handlers<ReaderData | null>({
  GET(ctx) {
    const collections = ctx.state.collections;
    const open = collections?.service.open(ctx.params.name);
    const page = open ? collections!.service.pages.get(ctx.params.name, ctx.params.id) : null;
    if (!open || !page) return ctx.render(null, { status: 404 });
    const { markdown: _, ...summary } = page;
    return ctx.render({
      collection: { name: open.collection.name, title: open.collection.title },
      page: summary,
      sections: readerSections(page, collections!.chunkOptions),
      pdf: isPdf(page),
    });
  },
});

/** The reader page. */
export default define.page<ReaderData | null>(function Reader({ data }) {
  if (!data) {
    return (
      <main id="main" class="reader">
        <h1>Source not found</h1>
        <p>This collection has no page by that name. It may have been deleted or re-indexed.</p>
        <p>
          <a href="/">Back to the chat</a>
        </p>
      </main>
    );
  }
  const { collection, page, sections, pdf } = data;
  const original = page.url ? safeHref(page.url) : null;
  const chatHref = collection.name === "default" ? "/" : `/c/${collection.name}`;
  return (
    <main id="main" class="reader">
      <p class="reader-crumbs">
        <a href={chatHref}>{collection.title}</a> › Source
      </p>
      <h1>{page.title}</h1>
      <p class="reader-meta">
        {original
          ? (
            <a href={original} rel="noopener noreferrer" target="_blank">
              Open the original page
            </a>
          )
          : <span>From {page.source}</span>}
        <span>Indexed {page.indexedAt.slice(0, 10)}</span>
      </p>
      <article class="reader-body">
        {sections.map((s) => (
          <section
            id={`chunk-${s.position}`}
            class="reader-chunk"
            aria-label={`Passage ${s.position + 1}`}
            key={s.position}
            tabIndex={-1}
          >
            {pdf && s.pdfPage !== null && original && (
              <a class="reader-pdf-page" href={`${original.split("#")[0]}#page=${s.pdfPage}`}>
                PDF page {s.pdfPage}
              </a>
            )}
            <div class="md">{renderMarkdown(s.text, { headingOffset: 1 })}</div>
          </section>
        ))}
      </article>
    </main>
  );
});
