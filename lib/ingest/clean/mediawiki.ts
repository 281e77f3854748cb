/**
 * MediaWiki and Fandom page chrome: the parts of a wiki article that are not the article.
 * Edit-section links (`[edit]`), the table of contents, navboxes, reference lists and
 * inline reference marks, maintenance, notice and spoiler banners, galleries, category
 * bars and the skins' own toolbars; Fandom's portable infobox is kept as a fact list. They are named by MediaWiki's and Fandom's stable
 * class names; the broader names (`notice`, `gallery`, `references`) are only trusted on
 * a page MediaWiki rendered, so other sites keep blocks that happen to share them.
 *
 * @module
 */

import { classAttribute } from "./names.ts";

/** Class names MediaWiki and Fandom use only for chrome: removed on any page. */
const WIKI_ONLY_CLASSES = new Set([
  "mw-editsection",
  "mw-jump-link",
  "mw-cite-backlink",
  "mw-references-wrap",
  "mw-indicators",
  "mw-empty-elt",
  "mw-gallery-traditional",
  "mw-gallery-packed",
  "mw-gallery-nolines",
  "catlinks",
  "printfooter",
  "navbox",
  "navbox-styles",
  "vertical-navbox",
  "ambox",
  "wikia-gallery",
  "wikia-slideshow",
  "page-header__categories",
  "page-header__actions",
  "page-side-tools",
  "global-navigation",
  "wds-global-footer",
  "fandom-community-header",
  "license-description",
]);
const WIKI_ONLY_IDS = new Set([
  "mw-navigation",
  "mw-head",
  "mw-panel",
  "catlinks",
  "siteSub",
  "contentSub",
  "WikiaBar",
]);

/** Names that mean chrome on a MediaWiki page but might be content elsewhere. */
const ON_WIKI_CLASSES = new Set([
  "toc",
  "editsection",
  "reflist",
  "references",
  "reference-text",
  "navigation-box",
  "mbox",
  "ombox",
  "tmbox",
  "cmbox",
  "fmbox",
  "notice",
  "spoiler",
  "spoiler-warning",
  "hatnote",
  "dablink",
  "gallery",
  "noprint",
  "metadata",
  "categories",
]);

/** Classes and ids that only a page MediaWiki rendered has. */
const MEDIAWIKI_MARKS = new Set(["mw-parser-output", "mw-content-text"]);

/** Whether MediaWiki rendered the page `root` belongs to (by its generator or body class). */
function renderedByMediaWiki(root: Element): boolean {
  const document = root.ownerDocument;
  const body = document?.body;
  if (body && /(?:^|\s)mediawiki(?:\s|$)/.test(classAttribute(body))) return true;
  const generator = document?.head?.querySelector('meta[name="generator"]');
  return /^MediaWiki/.test(generator?.getAttribute("content") ?? "");
}

/**
 * Removes MediaWiki and Fandom chrome from `root`, in place: one walk over the elements
 * (a selector list this long costs more than the rest of the cleaning on linkedom).
 */
export function removeWikiChrome(root: Element): void {
  const always: Element[] = [];
  const onWiki: Element[] = [];
  const infoboxes: Element[] = [];
  let wiki = renderedByMediaWiki(root);
  const stack: Element[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    const id = el.getAttribute("id");
    const classValue = classAttribute(el);
    const classes = classValue ? classValue.split(/\s+/) : [];
    if (id && MEDIAWIKI_MARKS.has(id) || classes.some((c) => MEDIAWIKI_MARKS.has(c))) wiki = true;
    if ((id && WIKI_ONLY_IDS.has(id)) || classes.some((c) => WIKI_ONLY_CLASSES.has(c))) {
      always.push(el);
      continue;
    }
    if (classes.includes("portable-infobox")) {
      infoboxes.push(el);
      continue;
    }
    if (
      id === "toc" || classes.some((c) => ON_WIKI_CLASSES.has(c)) ||
      (el.localName === "sup" && classes.includes("reference"))
    ) {
      onWiki.push(el);
      continue;
    }
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
  for (const el of always) el.remove();
  if (wiki) { for (const el of onWiki) el.remove(); }
  for (const box of infoboxes) keepPortableInfobox(box);
}

/**
 * Fandom's portable infobox is an `<aside>`, which the cleaner reads as chrome, and its
 * facts are label/value pairs: it becomes a `label: value` list where the aside stood, so
 * the facts lore wikis keep there reach the index.
 */
function keepPortableInfobox(box: Element): void {
  const document = box.ownerDocument;
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
