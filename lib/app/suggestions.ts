/**
 * Suggested questions for the empty chat: drawn from the titles of indexed pages, so
 * they are always answerable from what is actually in the collection.
 *
 * @module
 */

const TEMPLATES = [
  (t: string) => `Tell me about ${t}.`,
  (t: string) => `What is ${t} known for?`,
  (t: string) => `What should I know about ${t}?`,
];

/**
 * Picks `count` distinct titles (spread through the collection, varying with `seed`)
 * and phrases a question for each.
 */
export function suggestQuestions(titles: string[], count = 4, seed = 0): string[] {
  const usable = [
    ...new Set(titles.map((t) => t.trim()).filter((t) => t.length > 1 && t.length < 60)),
  ]
    .sort();
  if (usable.length === 0) return [];
  const step = Math.max(1, Math.floor(usable.length / count));
  const out: string[] = [];
  for (let i = 0; i < Math.min(count, usable.length); i++) {
    const title = usable[(seed + i * step) % usable.length];
    out.push(TEMPLATES[(seed + i) % TEMPLATES.length](title));
  }
  return out;
}
