/**
 * MediaWiki and Fandom page chrome: the parts of a wiki article that are not the article.
 * Edit-section links (`[edit]`), the table of contents, navboxes, reference lists and
 * inline reference marks, maintenance, notice and spoiler banners, galleries, category
 * bars and the skins' own toolbars. They are named by MediaWiki's and Fandom's stable
 * class names; the broader names (`notice`, `gallery`, `references`) are only trusted on
 * a page MediaWiki rendered, so other sites keep blocks that happen to share them.
 *
 * @module
 */

/** Class names MediaWiki and Fandom use only for chrome: removed on any page. */
const WIKI_ONLY = [
  ".mw-editsection",
  ".mw-jump-link",
  ".mw-cite-backlink",
  ".mw-references-wrap",
  ".mw-indicators",
  ".mw-empty-elt",
  ".mw-gallery-traditional",
  ".mw-gallery-packed",
  ".mw-gallery-nolines",
  "#mw-navigation",
  "#mw-head",
  "#mw-panel",
  "#catlinks",
  ".catlinks",
  "#siteSub",
  "#contentSub",
  ".printfooter",
  ".navbox",
  ".navbox-styles",
  ".vertical-navbox",
  ".ambox",
  ".wikia-gallery",
  ".wikia-slideshow",
  ".page-header__categories",
  ".page-header__actions",
  ".page-side-tools",
  ".global-navigation",
  ".wds-global-footer",
  ".fandom-community-header",
  "#WikiaBar",
  ".license-description",
].join(",");

/** Names that mean chrome on a MediaWiki page but might be content elsewhere. */
const ON_WIKI = [
  "#toc",
  ".toc",
  ".editsection",
  ".reflist",
  ".references",
  "sup.reference",
  ".reference-text",
  ".navigation-box",
  ".mbox",
  ".ombox",
  ".tmbox",
  ".cmbox",
  ".fmbox",
  ".notice",
  ".spoiler",
  ".spoiler-warning",
  ".hatnote",
  ".dablink",
  ".gallery",
  ".noprint",
  ".metadata",
  ".categories",
].join(",");

/** What marks a page MediaWiki rendered (Wikipedia, Fandom, any MediaWiki install). */
const MEDIAWIKI_PAGE =
  '.mw-parser-output, #mw-content-text, body.mediawiki, meta[name="generator"][content^="MediaWiki"]';

/** Whether MediaWiki rendered the page `root` belongs to. */
export function isMediaWikiPage(root: Element): boolean {
  const document = root.ownerDocument;
  return Boolean(root.querySelector(MEDIAWIKI_PAGE) ?? document?.querySelector(MEDIAWIKI_PAGE));
}

/** Removes MediaWiki and Fandom chrome from `root`, in place. */
export function removeWikiChrome(root: Element): void {
  const selector = isMediaWikiPage(root) ? `${WIKI_ONLY},${ON_WIKI}` : WIKI_ONLY;
  for (const el of [...root.querySelectorAll(selector)]) el.remove();
}

/**
 * Fandom's portable infobox is an `<aside>`, which the cleaner reads as chrome, and its
 * facts are label/value pairs: it becomes a `label: value` list where the aside stood, so
 * the facts lore wikis keep there reach the index.
 */
export function keepPortableInfoboxes(root: Element): void {
  const document = root.ownerDocument;
  if (!document) return;
  for (const box of [...root.querySelectorAll(".portable-infobox")]) {
    const list = document.createElement("ul");
    list.setAttribute("class", "infobox-facts");
    for (const item of box.querySelectorAll(".pi-data")) {
      const label = item.querySelector(".pi-data-label")?.textContent?.trim() ?? "";
      const value = item.querySelector(".pi-data-value")?.textContent?.replace(/\s+/g, " ").trim();
      if (!label || !value) continue;
      const li = document.createElement("li");
      li.textContent = `${label}: ${value}`;
      list.appendChild(li);
    }
    if (list.firstChild) box.replaceWith(list);
    else box.remove();
  }
}
