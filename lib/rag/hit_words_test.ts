import assert from "node:assert/strict";
import { HitWordCache } from "./hit_words.ts";
import type { QueryHit } from "../vectorstore/store.ts";

const hit = (id: string, text: string, contentHash = "h1"): QueryHit => ({
  id,
  text,
  score: 1,
  metadata: { documentId: id, title: id, url: "", heading: id, position: 0, contentHash },
});

Deno.test("HitWordCache computes once per chunk version and evicts the least recent", () => {
  const cache = new HitWordCache(2);
  let computed = 0;
  const words = (h: QueryHit) => {
    computed++;
    return new Set(h.text.split(" "));
  };
  const a = cache.get("k", hit("a", "one two"), words);
  assert.deepEqual([...a], ["one", "two"]);
  cache.get("k", hit("a", "one two"), words);
  assert.equal(computed, 1, "a second turn reuses the set");
  cache.get("k", hit("a", "one two three", "h2"), words);
  assert.equal(computed, 2, "a re-indexed page is a new key");
  cache.get("other", hit("a", "one two"), words);
  assert.equal(computed, 3, "kinds do not share entries");
  assert.equal(cache.size, 2, "bounded");
  cache.get("k", hit("a", "one two"), words);
  assert.equal(computed, 4, "the least recently used entry was evicted");
});
