/**
 * Boilerplate removal: elements that are never content (scripts, forms, hidden nodes),
 * page chrome by tag and ARIA role (nav, header, footer, aside), and blocks whose class
 * or id names what they are (share bars, cookie banners, related links, comments, ads).
 *
 * @module
 */

/** Elements dropped wherever they are. */
const NEVER_CONTENT = [
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "embed",
  "button",
  "input",
  "select",
  "textarea",
  "dialog",
  "link",
  "meta",
  "audio",
  "video",
  "map",
].join(",");

/** Page chrome by tag or role; kept only when it holds most of the page's text. */
const CHROME = [
  "nav",
  "aside",
  "footer",
  "header",
  "menu",
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="search"]',
  '[role="dialog"]',
  '[role="alertdialog"]',
  '[role="menu"]',
  '[role="menubar"]',
  '[role="toolbar"]',
  '[role="tablist"]',
].join(",");

/** Words in a class or id that name boilerplate (matched against whole words). */
const BOILERPLATE_WORD_RE = new RegExp(
  "^(?:" + [
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "breadcrumbs?",
    "crumbs?",
    "footer",
    "masthead",
    "header",
    "topbar",
    "sidebar",
    "sidenav",
    "rail",
    "widgets?",
    "share",
    "sharing",
    "shares",
    "social",
    "socials",
    "sharebar",
    "sharetools",
    "follow",
    "cookies?",
    "consent",
    "gdpr",
    "cmp",
    "banner",
    "ads?",
    "advert\\w*",
    "adslot",
    "adunit",
    "dfp",
    "gpt",
    "sponsor\\w*",
    "promo\\w*",
    "outbrain",
    "taboola",
    "newsletters?",
    "subscribe",
    "subscription",
    "signup",
    "paywall",
    "related",
    "recommend\\w*",
    "popular",
    "trending",
    "readmore",
    "comments?",
    "disqus",
    "respond",
    "replies",
    "pagination",
    "pager",
    "tags?",
    "taglist",
    "keywords",
    "topics",
    "categories",
    "bio",
    "byline",
    "bylines",
    "dateline",
    "timestamp",
    "published",
    "meta",
    "toolbar",
    "tools",
    "modal",
    "popup",
    "overlay",
    "skip",
    "caption",
    "credits?",
    "copyright",
    "legal",
    "disclaimer",
    "toc",
    "teaser",
    "carousel",
    "slider",
    "gallery",
    "playlist",
    "login",
    "signin",
    "search",
    "offscreen",
    "sticky",
    "donate",
    "print",
  ].join("|") + ")$",
  "i",
);

/** Words in a class or id that name the content itself. */
const CONTENT_WORD_RE =
  /^(?:article|body|content|contents|entry|main|post|story|text|prose|richtext|blogpost)$/i;

/** Content words that name an article rather than any content. */
const ARTICLE_WORD_RE = /^(?:article|articlebody|entry|post|story|blogpost|prose|richtext)$/i;

/** Words naming an embedded post, which quotes content even when it says "social". */
const EMBED_WORD_RE = /^(?:embed|embedded|tweet|twitter-tweet)$/i;

/** Whole class tokens that hide text from sighted readers. */
const SCREEN_READER_RE = /^(?:visually-?hidden|sr-only|screen-reader-text|element-invisible)$/i;

/** Class tokens that tag a page's taxonomy rather than name a block (WordPress). */
const TAXONOMY_RE = /^(?:tag|category|categories|topic|format|status|type)-/i;

/** Boilerplate words that stay boilerplate however much text they hold. */
const STRONG_WORD_RE = new RegExp(
  "^(?:" + [
    "nav",
    "navbar",
    "navigation",
    "footer",
    "rail",
    "breadcrumbs?",
    "share",
    "sharing",
    "social",
    "sharebar",
    "cookies?",
    "consent",
    "gdpr",
    "cmp",
    "ads?",
    "advert\\w*",
    "adslot",
    "adunit",
    "dfp",
    "sponsor\\w*",
    "promo\\w*",
    "outbrain",
    "taboola",
    "newsletters?",
    "subscribe",
    "related",
    "recommend\\w*",
    "popular",
    "trending",
    "comments?",
    "disqus",
    "respond",
    "replies",
    "login",
    "signin",
    "modal",
    "popup",
  ].join("|") + ")$",
  "i",
);

/** How an element's class and id read. */
export interface NameKind {
  /** Some token names the content (`entry-content`, `article-body`). */
  content: boolean;
  /** Some token names boilerplate (`share-bar`, `article-meta`, `widget`). */
  boilerplate: boolean;
  /** The boilerplate is of a kind that is never the article (comments, nav, ads). */
  strong: boolean;
  /** A content token names an article in particular (`article-body`, `entry-content`). */
  article: boolean;
}

/**
 * Classifies an element by its class and id tokens. A token with any boilerplate word
 * is boilerplate (`article-meta`, `comment-content`); a token of content words only is
 * content. Content tokens win over boilerplate ones on the same element.
 */
export function classifyName(el: Element): NameKind {
  const result: NameKind = { content: false, boilerplate: false, strong: false, article: false };
  const tokens = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`.split(/\s+/);
  for (const token of tokens) {
    if (!token || TAXONOMY_RE.test(token)) continue;
    if (SCREEN_READER_RE.test(token)) {
      result.boilerplate = result.strong = true;
      continue;
    }
    const words = token.split(/[-_:.]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
    // Embedded posts (tweets, social media embeds) are quoted content, not share widgets.
    if (words.some((w) => EMBED_WORD_RE.test(w))) {
      result.content = true;
      continue;
    }
    const bp = words.filter((w) => BOILERPLATE_WORD_RE.test(w));
    if (bp.length) {
      result.boilerplate = true;
      if (bp.some((w) => STRONG_WORD_RE.test(w))) result.strong = true;
    } else if (words.some((w) => CONTENT_WORD_RE.test(w))) {
      result.content = true;
      if (words.some((w) => ARTICLE_WORD_RE.test(w))) result.article = true;
    }
  }
  if (result.content) result.boilerplate = result.strong = false;
  return result;
}

/** Drops elements that are never content, anywhere in the document. */
export function removeNeverContent(root: Element): void {
  for (const el of [...root.querySelectorAll(NEVER_CONTENT)]) el.remove();
  for (const el of [...root.querySelectorAll("[hidden], [aria-hidden='true'], [style]")]) {
    if (el.hasAttribute("hidden") || isHiddenStyle(el.getAttribute("style") ?? "")) el.remove();
  }
}

function isHiddenStyle(style: string): boolean {
  return /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Elements whose removal would take the article with it. */
export interface Protection {
  /** Good-prose score of the whole page. */
  total: number;
  /** Good-prose score of an element (0 when unknown). */
  good(el: Element): number;
}

/**
 * Drops page chrome and named boilerplate. An element is kept when a descendant named as
 * content (or `itemprop="articleBody"`) holds a quarter of the page's prose, or — for
 * weak names like `widget` or `header` — when it holds half of the prose itself.
 */
export function removeBoilerplate(root: Element, protection: Protection): void {
  const weakShield = new Set<Element>();
  const strongShield = new Set<Element>();
  const shield = (from: Element, set: Set<Element>) => {
    for (let up: Element | null = from; up && up !== root; up = up.parentElement) {
      if (set.has(up)) break;
      set.add(up);
    }
  };
  const anchors = root.querySelectorAll(
    '[class], [id], [itemprop="articleBody"], main, article, [role="main"]',
  );
  for (const el of anchors) {
    if (protection.good(el) < protection.total * 0.25) continue;
    const kind = classifyName(el);
    const semantic = el.localName === "main" || el.localName === "article" ||
      el.getAttribute("role") === "main";
    if (
      el.getAttribute("itemprop") === "articleBody" || kind.article ||
      (semantic && !kind.boilerplate)
    ) {
      shield(el, strongShield);
      shield(el, weakShield);
    } else if (kind.content) shield(el, weakShield);
  }
  const keep = (el: Element, strong: boolean) => {
    if (strongShield.has(el)) return true;
    const big = protection.good(el) >= protection.total * 0.5;
    return strong ? big && weakShield.has(el) : big || weakShield.has(el);
  };
  for (const el of [...root.querySelectorAll(CHROME)]) {
    if (el.parentNode && !keep(el, el.localName === "nav")) el.remove();
  }
  for (const el of [...root.querySelectorAll("[class], [id]")]) {
    if (!el.parentNode || el.localName === "body" || el.localName === "html") continue;
    const kind = classifyName(el);
    if (kind.boilerplate && !keep(el, kind.strong)) el.remove();
  }
}

/** Whether an element's class or id names boilerplate and nothing names it content. */
export function isBoilerplateName(el: Element): boolean {
  return classifyName(el).boilerplate;
}

/** Length of an element's whitespace-collapsed text. */
export function textLength(el: Element): number {
  return (el.textContent ?? "").replace(/\s+/g, " ").trim().length;
}
