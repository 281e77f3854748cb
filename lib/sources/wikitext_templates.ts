/**
 * Wikitext templates (`{{…}}`), resolved innermost first: infoboxes (and taxoboxes and
 * other fact boxes) become facts, a few formatting templates keep their text, and the
 * rest — citations, navboxes, maintenance banners, hatnotes, magic words, parser
 * functions — are dropped.
 *
 * @module
 */

/** One `key: value` fact from an infobox, its value still wikitext (templates resolved). */
export interface RawFact {
  key: string;
  value: string;
}

/** A template's name and its parameters, split at top-level pipes. */
interface Template {
  name: string;
  info: NameInfo;
  positional: string[];
  named: Map<string, string>;
}

const INFOBOX_NAME =
  /info\s*box|infoboks|inligtingskas|taxobox|speciesbox|ficha\b|faktaboks|^character|^npc\b|^location\b|^item\b|^episode\b|^ship\b|^planet\b|box$|kas$/;
const NEVER_FACTS =
  /cite|citation|literatur|quelle|navbox|navigation|sidebar|portal|footer|issues|cleanup|authority|normdaten|coord|commons|reflist|succession|^s-|hatnote|^main|gallery|quote|zitat|table|tabelle|archiv|sister|wikiquote|wiktionary|div col|^col-|toc|^clear/;
const SKIPPED_KEYS =
  /image|img|bild|beeld|foto|photo|logo|map|karte|kaart|kart|caption|onderskrif|beschreibung|beskrywing|^alt$|_alt$|signature|handtekening|size$|width$|upright|style$|^module|^embed|^child|footnotes|coat|seal|^flag|webblad|website|homepage|heimasíða|url$/;
const FILE_VALUE = /^[^\n|]+\.(?:png|jpe?g|svg|gif|webp|tiff?)$/i;

/** Templates whose first positional parameter is their text. */
const FIRST_ARG = new Set([
  "nowrap",
  "nobr",
  "small",
  "smaller",
  "big",
  "larger",
  "sc",
  "smallcaps",
  "abbr",
  "em",
  "strong",
  "ill",
  "interlanguage link",
  "nihongo",
  "nts",
  "ntsh",
  "flag",
  "flagcountry",
  "flagu",
  "polytonisch",
  "center",
  "w",
  "lang-en",
  "text",
  "hlist",
  "unbulleted list",
  "plainlist",
  "ubl",
  "sic",
]);
/** Templates whose last positional parameter is their text. */
const LAST_ARG = new Set(["lang", "sprache", "unicode", "script", "sort", "transl", "audio"]);
const SYMBOLS: Record<string, string> = {
  "!": "|",
  "=": "=",
  "·": " · ",
  "dot": " · ",
  "middot": " · ",
  "ndash": "–",
  "–": "–",
  "mdash": "—",
  "snd": " – ",
  "spaced ndash": " – ",
  "nbsp": " ",
  "'": "'",
};
const DATE_TEMPLATE = /^(?:birth|death|start|end|film|release)[ -]date|^dts$|^date$|^bda$/;

/** Splits `text` at `|` outside `[[…]]` (templates inside are already resolved). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[" && text[i + 1] === "[") {
      depth++;
      i++;
    } else if (c === "]" && text[i + 1] === "]" && depth > 0) {
      depth--;
      i++;
    } else if (c === "|" && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** What a template's name says, worked out once per name as written. */
interface NameInfo {
  /** The name as compared: lower case, single spaces, no namespace. */
  name: string;
  /** How it leaves text behind (see {@linkcode inlineTemplateText}). */
  kind: TextKind;
  /** For `kind` "fixed": the text (a symbol's, a magic word's argument). */
  text: string;
  infobox: boolean;
  neverFacts: boolean;
}

type TextKind = "fixed" | "first" | "last" | "two" | "isbn" | "date" | "none";

/** Names as written → what they say; a page repeats its few templates (bounded). */
const nameInfos = new Map<string, NameInfo>();
const NAME_INFOS = 10_000;

function nameInfo(head: string): NameInfo {
  let info = nameInfos.get(head);
  if (info !== undefined) return info;
  const name = head.replace(/_/g, " ").replace(/\s+/g, " ").trim().toLowerCase()
    .replace(/^(?:template|vorlage|sjabloon|szablon|fyrimynd|modèle|plantilla):/, "");
  const magic = /^(formatnum|ucfirst|lcfirst|uc|lc):(.*)$/s.exec(name);
  const [kind, text]: [TextKind, string] = name in SYMBOLS
    ? ["fixed", SYMBOLS[name]]
    : name.startsWith("lang-") || FIRST_ARG.has(name)
    ? ["first", ""]
    : LAST_ARG.has(name)
    ? ["last", ""]
    : name === "convert" || name === "cvt" || name === "sortname"
    ? ["two", ""]
    : name === "isbn"
    ? ["isbn", ""]
    : DATE_TEMPLATE.test(name)
    ? ["date", ""]
    : magic
    ? ["fixed", magic[2]]
    : ["none", ""];
  info = { name, kind, text, infobox: INFOBOX_NAME.test(name), neverFacts: NEVER_FACTS.test(name) };
  if (nameInfos.size >= NAME_INFOS) nameInfos.clear();
  nameInfos.set(head, info);
  return info;
}

function parseTemplate(body: string): Template {
  const [head, ...params] = splitTopLevel(body);
  const info = nameInfo(head);
  const name = info.name;
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (const param of params) {
    const eq = param.indexOf("=");
    const key = eq > 0 ? param.slice(0, eq).trim() : "";
    if (key && !/[[<{]/.test(key)) named.set(key, param.slice(eq + 1).trim());
    else positional.push(param.trim());
  }
  return { name, info, positional, named };
}

/** Facts of an infobox-like template, in its order, empty and image values left out. */
function factsOf(t: Template): RawFact[] {
  const facts: RawFact[] = [];
  for (const [key, value] of t.named) {
    const k = key.replace(/_/g, " ").trim();
    if (!value || /^\d+$/.test(k) || SKIPPED_KEYS.test(k.toLowerCase())) continue;
    if (FILE_VALUE.test(value.trim())) continue;
    facts.push({ key: k, value });
  }
  return facts;
}

/** The text an inline template leaves behind ("" for most). */
function inlineTemplateText(t: Template): string {
  const { positional } = t;
  switch (t.info.kind) {
    case "fixed":
      return t.info.text;
    case "first":
      return positional[0] ?? "";
    case "last":
      return positional[positional.length - 1] ?? "";
    case "two":
      return positional.slice(0, 2).join(" ");
    case "isbn":
      return `ISBN ${positional[0] ?? ""}`;
    case "date": {
      const parts = positional.filter((p) => /^\d{1,4}$/.test(p)).slice(0, 3);
      return parts.map((p, i) => (i === 0 ? p : p.padStart(2, "0"))).join("-");
    }
    default:
      return "";
  }
}

/** Where a template sits, which decides whether it may be an infobox. */
interface Placement {
  /** Not inside another template. */
  topLevel: boolean;
  /** Only whitespace precedes it on its line. */
  lineStart: boolean;
  /** It comes before the page's first section heading. */
  inLead: boolean;
}

/** Resolves one template body; infobox facts are pushed to `facts`. */
function resolveTemplate(body: string, where: Placement, facts: RawFact[]): string {
  if (body.startsWith("#") || /^\s*[A-Z]+:/.test(body) && !/^\s*[a-z]/.test(body)) {
    // Parser functions ({{#if:…}}) and magic words ({{DEFAULTSORT:…}}).
    const t = parseTemplate(body);
    return /^(formatnum|ucfirst|lcfirst|uc|lc):/.test(t.name) ? inlineTemplateText(t) : "";
  }
  const t = parseTemplate(body);
  if (where.topLevel && !t.info.neverFacts) {
    const named = [...t.named.values()].filter((v) => v !== "").length;
    if (t.info.infobox || (where.lineStart && where.inLead && named >= 3)) {
      facts.push(...factsOf(t));
      return "";
    }
  }
  return inlineTemplateText(t);
}

/**
 * Every `{{…}}` in `text` resolved, innermost first. Template parameters (`{{{1|x}}}`)
 * become their default; unbalanced braces are dropped, their content kept.
 */
export function expandTemplates(text: string, facts: RawFact[]): string {
  const source = text.replace(
    /\{\{\{[^{}|]*(?:\|([^{}]*))?\}\}\}/g,
    (_, fallback?: string) => fallback ?? "",
  );
  const top: string[] = [];
  const stack: string[] = []; // bodies of the open templates, innermost last
  const lineStarts: boolean[] = [];
  let last = 0;
  let inLead = true;
  let open = source.indexOf("{{");
  let close = source.indexOf("}}");
  const emit = (piece: string) => {
    if (stack.length > 0) stack[stack.length - 1] += piece;
    else {
      if (inLead && /(?:^|\n)==/.test(piece)) inLead = false;
      top.push(piece);
    }
  };
  while (open >= 0 || close >= 0) {
    if (open >= 0 && (close < 0 || open < close)) {
      emit(source.slice(last, open));
      stack.push("");
      lineStarts.push(startsLine(source, open));
      last = open + 2;
      open = source.indexOf("{{", last);
      if (close >= 0 && close < last) close = source.indexOf("}}", last);
      continue;
    }
    const inner = source.slice(last, close);
    last = close + 2;
    close = source.indexOf("}}", last);
    if (open >= 0 && open < last) open = source.indexOf("{{", last);
    if (stack.length === 0) {
      emit(inner);
      continue;
    }
    const body = stack.pop()! + inner;
    const lineStart = lineStarts.pop()!;
    emit(resolveTemplate(body, { topLevel: stack.length === 0, lineStart, inLead }, facts));
  }
  // Unclosed templates: their braces dropped, their text kept.
  return top.join("") + stack.join("") + source.slice(last);
}

/** Whether only spaces or tabs precede `index` on its line. */
function startsLine(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
