/**
 * Terms for matching a question to sentences: lower-case words, stopwords dropped,
 * lightly stemmed so the forms of a word meet. Deterministic and dependency-free.
 *
 * @module
 */

const STOPWORDS = new Set(
  ("a about above after again against all am an and any are as at be because been before " +
    "being below between both but by can could did do does doing down during each few for " +
    "from further had has have having he her here hers herself him himself his how i if in " +
    "into is it its itself just me more most my myself nor not now of off on once only or " +
    "other our ours ourselves out over own same she should so some such than that the their " +
    "theirs them themselves then there these they this those through to too under until up " +
    "very was we were what when where which while who whom why will with would you your " +
    "yours yourself yourselves tell know please also much many may might must shall one us " +
    "say said does did ever anything something someone anyone thing things whose").split(" "),
);

/** Irregular past forms, so "built" meets "build" (a short list of lore-ish verbs). */
const IRREGULAR: Record<string, string> = {
  built: "build",
  made: "make",
  fought: "fight",
  wrote: "write",
  written: "write",
  led: "lead",
  held: "hold",
  rode: "ride",
  sent: "send",
  gave: "give",
  given: "give",
  took: "take",
  taken: "take",
  won: "win",
  lost: "lose",
  began: "begin",
  begun: "begin",
  became: "become",
  slew: "slay",
  slain: "slay",
  sold: "sell",
  bought: "buy",
  taught: "teach",
  brought: "bring",
  fell: "fall",
  fallen: "fall",
  grew: "grow",
  grown: "grow",
  knew: "know",
  known: "know",
  chose: "choose",
  chosen: "choose",
  spoke: "speak",
  spoken: "speak",
  stood: "stand",
  broke: "break",
  broken: "break",
  struck: "strike",
  swore: "swear",
  sworn: "swear",
  bore: "bear",
  born: "bear",
  borne: "bear",
  flew: "fly",
  flown: "fly",
  drove: "drive",
  driven: "drive",
  hid: "hide",
  hidden: "hide",
  met: "meet",
  left: "leave",
  found: "find",
  wed: "wed",
  forged: "forge",
  ran: "run",
  sank: "sink",
  sunk: "sink",
  sang: "sing",
  sung: "sing",
  stole: "steal",
  stolen: "steal",
  froze: "freeze",
  frozen: "freeze",
  kept: "keep",
  dug: "dig",
  wore: "wear",
  worn: "wear",
  told: "tell",
  thought: "think",
  caught: "catch",
  sought: "seek",
  fled: "flee",
  spent: "spend",
  paid: "pay",
  laid: "lay",
  heard: "hear",
  meant: "mean",
  drew: "draw",
  drawn: "draw",
  threw: "throw",
  thrown: "throw",
  wove: "weave",
  woven: "weave",
  sat: "sit",
  died: "die",
  dies: "die",
  dying: "die",
  lies: "lie",
  lying: "lie",
  lay: "lie",
  lain: "lie",
  bled: "bleed",
  fed: "feed",
  swept: "sweep",
  slept: "sleep",
  shone: "shine",
  wept: "weep",
  rang: "ring",
  rung: "ring",
}; // deno-fmt-ignore

/** Lower-case word tokens of a text. */
export function words(text: string): string[] {
  return (text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
    .map((w) => w.replace(/['’]s$/, "").replace(/['’]/g, ""));
}

/** Content terms: words minus stopwords, stemmed. */
export function terms(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w) && w.length > 1).map(stem);
}

/**
 * A light suffix stemmer: enough that rule, rules, ruler, ruled and ruling meet — and
 * govern, governs and governor — without a dictionary. Over-stemming is harmless here:
 * both sides are stemmed alike.
 */
export function stem(word: string): string {
  // An irregular form becomes its base form, which is then stemmed like any other word,
  // so "made" meets "maker" and "make".
  const base = Object.hasOwn(IRREGULAR, word) ? IRREGULAR[word] : word;
  if (base.length <= 3 || /^\d/.test(base)) return base;
  let w = base;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/[^su]s$/.test(w)) w = w.slice(0, -1);
  // Agent nouns in -or (governor, creator) meet their verbs; short words (colour, door,
  // major) keep theirs.
  const suffixes = ["ingly", "edly", "ings", "ing", "ers", "er", "ed", "ly", "ment", "or"];
  for (const suffix of suffixes) {
    if (suffix === "or" && w.length < 7) continue;
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1); // "stopp" → "stop"
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Capitalised words of a question that are not its first word: likely names. */
export function properNouns(text: string): Set<string> {
  const names = new Set<string>();
  const tokens = text.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  tokens.forEach((token, i) => {
    if (i > 0 && /^\p{Lu}/u.test(token)) names.add(stem(words(token)[0] ?? ""));
  });
  names.delete("");
  return names;
}
