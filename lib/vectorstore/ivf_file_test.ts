import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { type DenseRow, vectorBytes } from "./dense_index.ts";
import { IVF_FORMAT, readIvfFile, writeIvfFile } from "./ivf_file.ts";
import { IvfIndex } from "./ivf_index.ts";

function rows(n: number, dims: number, seed = 3): DenseRow[] {
  let s = seed;
  const r = () => ((s = (Math.imul(s, 48271) % 0x7fffffff) & 0x7fffffff) / 0x7fffffff) - 0.5;
  const centres = Array.from({ length: 8 }, () => Array.from({ length: dims }, r));
  return Array.from({ length: n }, (_, i) => ({
    key: i * 3 + 1,
    documentId: `doc-${i % 13}`,
    bytes: vectorBytes(centres[i % 8].map((x) => x + 0.3 * r())),
  }));
}

const key = { storeId: "store-a", generation: "g1", options: "{}" };

async function withDir(fn: (dir: string) => void | Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "ivf-file-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a saved IVF index reads back answering exactly as the one saved", () =>
  withDir((dir) => {
    const data = rows(900, 40);
    const built = IvfIndex.build(40, () => data, { lists: 12, probes: 3 });
    const file = `${dir}/s.ivf`;
    writeIvfFile(file, built, key);
    const loaded = readIvfFile(file, key);
    assert.ok(loaded);
    assert.equal(loaded.size, 900);
    assert.equal(loaded.lists, built.lists);
    assert.equal(loaded.probes, 3);
    for (const i of [0, 17, 450, 899]) {
      const q = Array.from(new Float32Array(data[i].bytes.slice().buffer));
      assert.deepEqual(loaded.search(q, 10), built.search(q, 10));
      assert.deepEqual(loaded.search(q, 5, ["doc-4"]), built.search(q, 5, ["doc-4"]));
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["s.ivf"], "no temp file");
  }));

Deno.test("a stale IVF file (other store, generation, options or format) is not used", () =>
  withDir((dir) => {
    const file = `${dir}/s.ivf`;
    writeIvfFile(file, IvfIndex.build(16, () => rows(300, 16), { lists: 4 }), key);
    assert.ok(readIvfFile(file, key));
    assert.equal(readIvfFile(file, { ...key, storeId: "store-b" }), null);
    assert.equal(readIvfFile(file, { ...key, generation: "g2" }), null);
    assert.equal(readIvfFile(file, { ...key, options: '{"lists":8}' }), null);
    assert.equal(readIvfFile(`${dir}/missing.ivf`, key), null);
    const bytes = Deno.readFileSync(file);
    const text = new TextDecoder().decode(bytes.subarray(0, 400));
    assert.ok(text.includes(`"format":${IVF_FORMAT}`));
    // The header is checksummed: altering it alone is a corrupt file, never a stale one.
    bytes[text.indexOf('"probes":') + '"probes":'.length] = "7".charCodeAt(0);
    Deno.writeFileSync(file, bytes);
    assert.equal(readIvfFile(file, key), null, "an altered header");
  }));

Deno.test("a corrupt IVF file (flipped bit, truncated, extended, garbage) is detected", () =>
  withDir((dir) => {
    const file = `${dir}/s.ivf`;
    writeIvfFile(file, IvfIndex.build(16, () => rows(500, 16), { lists: 6 }), key);
    const good = Deno.readFileSync(file);
    const size = statSync(file).size;
    // The last byte, the int8 rows, the keys and scales, and the JSON header's digits.
    for (const offset of [size - 1, size - 3000, Math.floor(size / 2), 700, 40, 13]) {
      const bad = good.slice();
      bad[offset] ^= 0x10;
      Deno.writeFileSync(file, bad);
      assert.equal(readIvfFile(file, key), null, `bit flipped at ${offset} of ${size}`);
    }
    Deno.writeFileSync(file, good.subarray(0, size - 8));
    assert.equal(readIvfFile(file, key), null, "truncated");
    Deno.writeFileSync(file, new Uint8Array([...good, 0, 0, 0, 0, 0, 0, 0, 0]));
    assert.equal(readIvfFile(file, key), null, "extended");
    Deno.writeFileSync(file, new Uint8Array([1, 2, 3]));
    assert.equal(readIvfFile(file, key), null, "garbage");
    Deno.writeFileSync(file, good);
    assert.ok(readIvfFile(file, key), "the intact file still reads");
    assert.ok(existsSync(file));
  }));
