/**
 * An automatic judge for short reference answers, used by `deno task eval:answers`.
 *
 * The judge is deliberately simple and documented so that a score means the same thing
 * from run to run: an answer is judged by the share of the reference answer's content
 * tokens it contains.
 *
 * - Tokens are words of letters or digits, lower-cased with diacritics folded; hyphens,
 *   apostrophes and punctuation separate words ("Ember-ink" → `ember`, `ink`).
 * - Digit groups are joined ("212,000" → `212000`), and number words become digits,
 *   compounds included ("thirty-one" → `31`, "twenty five" → `25`), on both sides;
 *   ordinals too ("fifteenth" and "15th" → `15`, "twenty-first" → `21`).
 * - English function words are ignored, and so is the era marker `AL`, which follows
 *   nearly every date in the lore and would otherwise be free credit.
 * - A light plural fold (`memories` → `memory`, `wardens` → `warden`) on both sides.
 *
 * An answer is correct when it contains at least {@linkcode CORRECT_AT} of the reference
 * tokens. Words of the label line and of "I don't know" answers never count: the caller
 * strips the label and scores a no-answer as 0.
 *
 * @module
 */

/** Share of the reference answer's tokens an answer must contain to count as correct. */
export const CORRECT_AT = 0.6;

const IGNORED = new Set(
  ("a an the and or of in on at to for from by with as is are was were be been it its " +
    "this that these those which who whom whose what when where how why than then so " +
    "since about some any all both each not no but into onto upon over under after " +
    "before during while his her their them they he she al").split(" "),
);

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
}; // deno-fmt-ignore

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
}; // deno-fmt-ignore

const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
}; // deno-fmt-ignore

/** Lower-case word tokens with digit groups joined and number words as digits. */
export function answerTokens(text: string): string[] {
  const folded = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()
    .replace(/(\d),(?=\d{3}\b)/g, "$1");
  const raw = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i];
    const ordinal = word.match(/^(\d+)(?:st|nd|rd|th)$/);
    if (word in TENS) {
      const next = raw[i + 1] ?? "";
      const unit = UNITS[next] ?? ORDINALS[next];
      const follows = unit !== undefined && unit > 0 && unit < 10;
      if (follows) i++;
      out.push(String(TENS[word] + (follows ? unit : 0)));
    } else if (word in UNITS) out.push(String(UNITS[word]));
    else if (word in ORDINALS) out.push(String(ORDINALS[word]));
    else if (ordinal) out.push(ordinal[1]);
    else out.push(foldPlural(word));
  }
  return out;
}

function foldPlural(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (/[^su]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The distinct tokens of a reference answer that a correct answer should contain. */
export function referenceTokens(reference: string): string[] {
  return [...new Set(answerTokens(reference).filter((t) => !IGNORED.has(t)))];
}

/** Share (0–1) of the reference's content tokens found in `answer`; 1 when it has none. */
export function answerRecall(reference: string, answer: string): number {
  const wanted = referenceTokens(reference);
  if (wanted.length === 0) return 1;
  const have = new Set(answerTokens(answer));
  return wanted.filter((t) => have.has(t)).length / wanted.length;
}

/** The reference tokens `answer` lacks, for the misses table. */
export function missingTokens(reference: string, answer: string): string[] {
  const have = new Set(answerTokens(answer));
  return referenceTokens(reference).filter((t) => !have.has(t));
}

/** The `q`-number of an id like `q42` (NaN otherwise), for the held-out split. */
export function queryNumber(id: string): number {
  const m = id.match(/(\d+)$/);
  return m ? Number(m[1]) : NaN;
}

/** Whether a question belongs to the held-out third: every third id (q3, q6, …). */
export function isHeldOut(id: string): boolean {
  return queryNumber(id) % 3 === 0;
}

/** The `p`-th percentile (0–100) of `values` by nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** A page id from a wiki URL: percent-decode, drop the fragment, lowercase, `_` → `-`. */
export function pageIdFromUrl(url: string): string {
  const path = url.replace(/[#?].*$/, "").replace(/\/+$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1);
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch { /* keep it raw */ }
  return name.replace(/\.(html?|md|txt)$/i, "").toLowerCase().replaceAll("_", "-");
}
