/**
 * A seeded generator of lore-like text for load tests: invented people, places and
 * houses in sentences built from common English words, ~1,000-character chunks (the
 * size the chunker makes), ten per page, and questions that name what a chunk names — so
 * retrieval finds relevant passages and the chat streams an answer rather than
 * "I don't know".
 *
 * @module
 */
import type { StoredChunk } from "../../lib/vectorstore/mod.ts";

/** A deterministic PRNG (mulberry32), so every run builds the same corpus. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  "ka",
  "ra",
  "mor",
  "el",
  "dun",
  "sha",
  "vor",
  "li",
  "an",
  "gor",
  "wyn",
  "the",
  "ess",
  "ar",
  "ith",
  "ul",
  "bre",
  "ca",
  "do",
  "fen",
  "hal",
  "ir",
  "jo",
  "kes",
  "lo",
  "mae",
  "nor",
  "ost",
];
const NOUNS = (
  "river city crown sword tower hall gate road keep bridge harbor temple shrine forest hill " +
  "valley lake sea ship fleet army war treaty council queen king lord lady priest scholar " +
  "guild market salt iron glass lantern fire ember ash stone wall tomb library book song " +
  "festival winter summer harvest storm fog moon star god goddess oath heir battle siege " +
  "village mine quarry well garden orchard wine bread horse wolf raven dragon serpent beetle"
).split(" ");
const ADJECTIVES = (
  "old ancient pale grey black white red golden silver hidden broken sacred cursed northern " +
  "southern eastern western high low great small quiet bitter bright dark long narrow deep"
).split(" ");
const VERBS_PAST = (
  "founded ruled crossed burned built defended betrayed crowned married buried discovered " +
  "sealed opened abandoned restored taxed besieged named blessed forged carried"
).split(" ");
const VERBS_PRESENT = (
  "guards rules watches holds keeps trades sells teaches remembers honours fears crosses " +
  "serves protects divides feeds"
).split(" ");
const PREPOSITIONS = ["beyond", "beneath", "near", "across", "within", "above", "along"];

/** Everything the generator needs, from one seed. */
export interface LoreGenerator {
  /** Chunk `i` of the corpus (page `floor(i / 10)`, position `i % 10`). */
  chunk(i: number): StoredChunk;
  /** A question about chunk `i`, naming a person and a place from it. */
  question(i: number): string;
}

/** Builds the generator; the same seed gives the same corpus. */
export function loreGenerator(seed = 7): LoreGenerator {
  const vocabularyRandom = seededRandom(seed);
  const name = () => {
    const n = 2 + Math.floor(vocabularyRandom() * 2);
    const s = Array.from(
      { length: n },
      () => SYLLABLES[Math.floor(vocabularyRandom() * SYLLABLES.length)],
    ).join("");
    return s[0].toUpperCase() + s.slice(1);
  };
  const people = Array.from({ length: 4000 }, name);
  const places = Array.from({ length: 2000 }, name);
  const houses = Array.from({ length: 500 }, name);
  // Each chunk draws from its own stream, so chunk(i) is independent of call order.
  const forChunk = (i: number) => seededRandom(seed * 1_000_003 + i);
  const pick = <T>(r: () => number, list: T[], skew = 1) =>
    list[Math.floor(list.length * r() ** skew)];

  function names(i: number) {
    const r = forChunk(i);
    const page = Math.floor(i / 10);
    // A page's chunks share its place and house; people vary by chunk.
    const pr = seededRandom(seed + page * 7919);
    return {
      r,
      place: pick(pr, places, 1.4),
      house: pick(pr, houses, 1.2),
      person: pick(r, people, 1.3),
      other: pick(r, places, 1.6),
    };
  }

  function sentence(r: () => number, n: ReturnType<typeof names>): string {
    const noun = () => pick(r, NOUNS, 1.5);
    const adj = () => pick(r, ADJECTIVES, 1.3);
    const year = 200 + Math.floor(r() * 1000);
    switch (Math.floor(r() * 5)) {
      case 0:
        return `${n.person} of House ${n.house} ${pick(r, VERBS_PAST)} the ${adj()} ${noun()} ` +
          `of ${n.place} in ${year} AL.`;
      case 1:
        return `The ${noun()} of ${n.place} is ${adj()}, and its ${noun()} ` +
          `${pick(r, VERBS_PRESENT)} the ${noun()} ${pick(r, PREPOSITIONS)} ${n.other}.`;
      case 2:
        return `Travellers say the ${adj()} ${noun()} ${pick(r, PREPOSITIONS)} ${n.other} ` +
          `${pick(r, VERBS_PRESENT)} the ${noun()} of House ${n.house}.`;
      case 3:
        return `In ${year} AL the ${noun()} ${pick(r, VERBS_PAST)} a ${adj()} ${noun()}, ` +
          `and ${n.person} was named keeper of the ${noun()}.`;
      default:
        return `Each ${noun()} the people of ${n.place} ${pick(r, VERBS_PRESENT)} ` +
          `the ${adj()} ${noun()} and the ${noun()} of ${pick(r, people, 1.3)}.`;
    }
  }

  return {
    chunk(i) {
      const n = names(i);
      const page = Math.floor(i / 10);
      const title = `${n.place} (${page})`;
      const parts: string[] = [];
      let length = 0;
      while (length < 950) {
        const s = sentence(n.r, n);
        parts.push(s);
        length += s.length + 1;
      }
      return {
        id: `page-${page}#${i % 10}`,
        text: parts.join(" "),
        metadata: {
          documentId: `page-${page}`,
          title,
          url: `https://lore.example/wiki/page-${page}`,
          heading: `${title} › ${pick(n.r, NOUNS)} of ${n.place}`,
          position: i % 10,
          contentHash: `synthetic-${seed}-${page}`,
        },
      };
    },
    question(i) {
      const n = names(i);
      const r = seededRandom(seed * 31 + i);
      const forms = [
        `What did ${n.person} do in ${n.place}?`,
        `Who is ${n.person} of House ${n.house}?`,
        `Tell me about House ${n.house} and ${n.place}.`,
      ];
      return forms[Math.floor(r() * forms.length)];
    },
  };
}
