import assert from "node:assert/strict";
import { Growable } from "./growable.ts";

Deno.test("trimmed gives the elements without a copy only when little room is left over", () => {
  const full = new Growable(Uint32Array, 8);
  for (let i = 0; i < 8; i++) full.push(i);
  assert.equal(full.trimmed(), full.array);

  const close = new Growable(Uint32Array, 9);
  for (let i = 0; i < 8; i++) close.push(i * 3);
  const view = close.trimmed();
  assert.deepEqual([...view], [0, 3, 6, 9, 12, 15, 18, 21]);
  assert.equal(view.buffer, close.array.buffer, "an eighth spare or less: a view");

  const loose = new Growable(Uint16Array, 4);
  for (let i = 0; i < 5; i++) loose.push(i + 1); // grew to 8
  const copy = loose.trimmed();
  assert.deepEqual([...copy], [1, 2, 3, 4, 5]);
  assert.notEqual(copy.buffer, loose.array.buffer, "more spare: a trimmed copy");
  assert.equal(copy.buffer.byteLength, 10);

  assert.equal(new Growable(Uint8Array, 4).trimmed().length, 0);
});
