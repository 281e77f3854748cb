import assert from "node:assert/strict";
import { HitCache } from "./hit_words.ts";
import type { QueryHit } from "../vectorstore/store.ts";

const hit = (id: string, text: string, contentHash = "h1"): QueryHit => ({
  id,
  text,
  score: 1,
  metadata: { documentId: id, title: id, url: "", heading: id, position: 0, contentHash },
});

Deno.test("HitCache computes once per chunk version and kind", () => {
  const cache = new HitCache<Set<string>>(10);
  let computed = 0;
  const words = (h: QueryHit) => {
    computed++;
    return new Set(h.text.split(" "));
  };
  const a = cache.get("k", hit("a", "one two"), words);
  assert.deepEqual([...a], ["one", "two"]);
  assert.equal(cache.get("k", hit("a", "one two"), words), a, "a second turn reuses the set");
  assert.equal(computed, 1);
  cache.get("k", hit("a", "one two three", "h2"), words);
  assert.equal(computed, 2, "a re-indexed page is a new key");
  cache.get("other", hit("a", "one two"), words);
  assert.equal(computed, 3, "kinds do not share entries");
});

Deno.test("HitCache stays bounded and keeps what was used recently", () => {
  const cache = new HitCache<number>(4);
  let computed = 0;
  const count = () => ++computed;
  for (let i = 0; i < 100; i++) {
    cache.get("k", hit(`x${i}`, "text"), count);
    // "hot" is asked between every two others: it must never be computed again.
    cache.get("k", hit("hot", "text"), count);
    assert.ok(cache.size <= 4, `size ${cache.size} after ${i}`);
  }
  assert.equal(computed, 101, "the hot chunk was computed once, every other chunk once");
  cache.get("k", hit("x0", "text"), count);
  assert.equal(computed, 102, "a chunk not used for two generations was dropped");
});

Deno.test("HitCache peek finds without computing; put remembers", () => {
  const cache = new HitCache<string>(10);
  assert.equal(cache.peek("k", hit("a", "x")), undefined);
  cache.put("k", hit("a", "x"), "value");
  assert.equal(cache.peek("k", hit("a", "x")), "value");
  assert.equal(cache.peek("k", hit("a", "x", "h2")), undefined, "another version");
});

Deno.test("HitCache with a doorkeeper remembers a chunk from its second visit on", () => {
  const cache = new HitCache<number>(100, { doorkeeper: 64 });
  let computed = 0;
  const count = () => ++computed;
  assert.equal(cache.get("k", hit("a", "text"), count), 1);
  assert.equal(cache.size, 0, "met once: not kept");
  assert.equal(cache.get("k", hit("a", "text"), count), 2, "computed again on the second visit");
  assert.equal(cache.size, 1, "…and kept from then on");
  assert.equal(cache.get("k", hit("a", "text"), count), 2);
  assert.equal(computed, 2);
  for (let i = 0; i < 50; i++) cache.get("k", hit(`once${i}`, "text"), count);
  assert.equal(cache.size, 1, "chunks met once are never kept");
  cache.clear();
  cache.get("k", hit("a", "text"), count);
  assert.equal(cache.size, 0, "after clear() a chunk is met for the first time again");
  assert.throws(() => new HitCache(10, { doorkeeper: 100 }), RangeError);
});

Deno.test("a full HitCache with a doorkeeper keeps its chunks against a cycle of more than it holds", () => {
  const cache = new HitCache<number>(100, { doorkeeper: 1_024 });
  let computed = 0;
  const count = () => ++computed;
  let asked = 0;
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 300; i++) {
      cache.get("k", hit(`c${i}`, "text"), count);
      asked++;
      assert.ok(cache.size <= 100, `size ${cache.size}`);
    }
  }
  const found = asked - computed;
  // Dropping a generation at a time, every chunk was gone before its next visit (0 found).
  assert.ok(found >= 0.25 * asked, `found ${found} of ${asked}`);
});

Deno.test("a chunk visited more often than the oldest held one takes its place", () => {
  const cache = new HitCache<string>(4, { doorkeeper: 1_024 });
  const value = (h: QueryHit) => h.id;
  for (const id of ["a", "b", "c", "d"]) {
    cache.get("k", hit(id, "t"), value);
    cache.get("k", hit(id, "t"), value); // kept from the second visit
  }
  assert.equal(cache.size, 4);
  let computed = 0;
  const counted = (h: QueryHit) => (computed++, h.id);
  cache.get("k", hit("hot", "t"), counted);
  cache.get("k", hit("hot", "t"), counted);
  assert.equal(
    cache.peek("k", hit("hot", "t")),
    undefined,
    "visited as often as a held one: not in",
  );
  cache.get("k", hit("hot", "t"), counted);
  assert.equal(cache.peek("k", hit("hot", "t")), "hot", "visited more often: in");
  assert.equal(cache.size, 4, "…in the place of one");
  assert.equal(cache.peek("k", hit("a", "t")), undefined, "the oldest, a, made room");
  assert.equal(cache.peek("k", hit("d", "t")), "d");
  computed = 0;
  cache.get("k", hit("hot", "t"), counted);
  assert.equal(computed, 0);
});
