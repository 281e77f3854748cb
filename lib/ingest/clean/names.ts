/**
 * What an element's class and id say it is: boilerplate (`share-bar`, `article-meta`,
 * `widget`), the content itself (`entry-content`, `article-body`), or neither.
 *
 * @module
 */

/** A regular expression matching any of the space-separated words, whole. */
function words(list: string): RegExp {
  return new RegExp(`^(?:${list.trim().split(/\s+/).join("|")})$`, "i");
}

/** Words in a class or id that name boilerplate. */
const BOILERPLATE_WORD_RE = words(`
  nav navbar navigation menu menus breadcrumbs? crumbs? footer masthead header topbar sidebar
  sidenav rail widgets? share sharing shares social socials sharebar sharetools follow cookies?
  consent gdpr cmp banner ads? advert\\w* adslot adunit dfp gpt sponsor\\w* promo\\w* outbrain
  taboola newsletters? subscribe subscription signup paywall related recommend\\w* popular
  trending readmore comments? disqus respond replies pagination pager tags? taglist keywords
  topics categories bio byline bylines dateline timestamp published meta toolbar tools modal
  popup overlay skip caption credits? copyright legal disclaimer toc teaser carousel slider
  gallery playlist login signin search offscreen sticky donate print next prev previous`);

/** Boilerplate words that stay boilerplate however much text they hold. */
const STRONG_WORD_RE = words(`
  nav navbar navigation footer rail breadcrumbs? share sharing social sharebar cookies? consent
  gdpr cmp ads? advert\\w* adslot adunit dfp sponsor\\w* promo\\w* outbrain taboola
  newsletters? subscribe related recommend\\w* popular trending comments? disqus respond
  replies login signin modal popup`);

/** Words in a class or id that name the content itself. */
const CONTENT_WORD_RE = words(
  "article body content contents entry main post story text prose richtext blogpost",
);

/** Content words that name an article rather than any content. */
const ARTICLE_WORD_RE = words("article articlebody entry post story blogpost prose richtext");

/** Words naming an embedded post, which quotes content even when it says "social". */
const EMBED_WORD_RE = words("embed embedded tweet twitter-tweet");

/** Whole class tokens that hide text from sighted readers. */
const SCREEN_READER_RE = words(
  "visually-?hidden sr-only screen-reader-text element-invisible",
);

/** Class tokens that tag a page's taxonomy rather than name a block (WordPress). */
const TAXONOMY_RE = /^(?:tag|category|categories|topic|format|status|type)-/i;

const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Whether `el` is or sits inside a heading (a loop: `closest` compiles a selector per call). */
function inHeading(el: Element): boolean {
  for (let up: Element | null = el; up; up = up.parentElement) {
    if (HEADING_TAGS.has(up.localName)) return true;
  }
  return false;
}

/**
 * An element's class attribute as written. Read from the attribute node: linkedom's
 * `getAttribute("class")` builds a `classList` for every element it is asked about.
 */
export function classAttribute(el: Element): string {
  return el.getAttributeNode("class")?.value ?? "";
}

/** Classifications already made: an element's class and id do not change while cleaning. */
const classified = new WeakMap<Element, NameKind>();

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
 *
 * @example
 * ```ts
 * import { parseDocument } from "./dom.ts";
 * import { classifyName } from "./names.ts";
 * const el = parseDocument('<div class="share-bar">x</div>').body.firstElementChild!;
 * classifyName(el).boilerplate; // true
 * ```
 */
export function classifyName(el: Element): NameKind {
  let result = classified.get(el);
  if (!result) classified.set(el, result = classifyTokens(el));
  return result;
}

function classifyTokens(el: Element): NameKind {
  const result: NameKind = { content: false, boilerplate: false, strong: false, article: false };
  const classes = classAttribute(el);
  // A heading's id is usually its own text as an anchor ("The_Sealed_Gallery"), not a role.
  const id = el.hasAttribute("id") && !inHeading(el) ? el.getAttribute("id") ?? "" : "";
  if (!classes && !id) return result;
  for (const token of `${classes} ${id}`.split(/\s+/)) {
    if (!token || TAXONOMY_RE.test(token)) continue;
    if (SCREEN_READER_RE.test(token)) {
      result.boilerplate = result.strong = true;
      continue;
    }
    const parts = token.split(/[-_:.]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
    if (parts.some((w) => EMBED_WORD_RE.test(w))) {
      result.content = true;
      continue;
    }
    const boilerplate = parts.filter((w) => BOILERPLATE_WORD_RE.test(w));
    if (boilerplate.length) {
      result.boilerplate = true;
      if (boilerplate.some((w) => STRONG_WORD_RE.test(w))) result.strong = true;
    } else if (parts.some((w) => CONTENT_WORD_RE.test(w))) {
      result.content = true;
      if (parts.some((w) => ARTICLE_WORD_RE.test(w))) result.article = true;
    }
  }
  if (result.content) result.boilerplate = result.strong = false;
  return result;
}

/** Whether an element's class or id names boilerplate and nothing names it content. */
export function isBoilerplateName(el: Element): boolean {
  return classifyName(el).boilerplate;
}
