import assert from "node:assert/strict";
import { releaseMemoryPeriodically } from "./release_memory.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("malloc_trim runs on a timer that stops (no leaked interval or library)", async () => {
  const stop = releaseMemoryPeriodically(5);
  assert.equal(typeof stop, "function");
  await sleep(30); // the test's sanitizers fail it if the interval outlives `stop`
  stop();
});

/**
 * Frees 48 MB of malloc's heap below live blocks, then trims every 5 ms and reports RSS
 * before and after. It runs in a process of its own: under `deno test --parallel` the
 * other test files share this process, and their allocations would move its RSS.
 */
const TRIM_PROBE = `
import { releaseMemoryPeriodically } from "${new URL("./release_memory.ts", import.meta.url).href}";
const libc = Deno.dlopen("libc.so.6", {
  malloc: { parameters: ["usize"], result: "pointer" },
  free: { parameters: ["pointer"], result: "void" },
  memset: { parameters: ["pointer", "i32", "usize"], result: "pointer" },
});
const rssMb = () => Deno.memoryUsage().rss / 2 ** 20;
// 16 kB blocks (below the mmap threshold, so from malloc's heap), each followed by a small
// live block, touched, then freed: holes between live blocks, which malloc keeps resident
// until a trim.
const blocks = [];
const pins = [];
for (let i = 0; i < 3_072; i++) {
  blocks.push(libc.symbols.malloc(16_384n));
  pins.push(libc.symbols.malloc(64n));
}
for (const block of blocks) libc.symbols.memset(block, 1, 16_384n);
for (const block of blocks) libc.symbols.free(block);
const before = rssMb();
const stop = releaseMemoryPeriodically(5);
// Trims run every 5 ms; on a busy machine the first may come late: wait up to 3 s.
let after = rssMb();
for (let waited = 0; before - after < 24 && waited < 3_000; waited += 20) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  after = rssMb();
}
stop();
for (const pin of pins) libc.symbols.free(pin);
libc.close();
console.log(JSON.stringify({ before, after }));
`;

/** Runs `source` as a script in a new Deno process with `args`; returns its JSON output. */
async function runProbe(source: string, ...args: string[]) {
  const dir = await Deno.makeTempDir();
  try {
    const probe = `${dir}/probe.ts`;
    await Deno.writeTextFile(probe, source);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", probe, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "freed malloc memory below a live block goes back to the system",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const { before, after } = await runProbe(TRIM_PROBE);
    assert.ok(before - after >= 24, `RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`);
  },
});

/** Where a 1 MB block goes once a 16 MB one was freed: its own mapping, or malloc's heap. */
const PROBE = `
import { keepLargeAllocationsMapped } from "${
  new URL("./release_memory.ts", import.meta.url).href
}";
const pinned = Deno.args[0] === "pin" && keepLargeAllocationsMapped();
const libc = Deno.dlopen("libc.so.6", {
  malloc: { parameters: ["usize"], result: "pointer" },
  free: { parameters: ["pointer"], result: "void" },
});
libc.symbols.free(libc.symbols.malloc(16n << 20n));
const block = libc.symbols.malloc(1n << 20n);
const at = BigInt(Deno.UnsafePointer.value(block));
const mapping = Deno.readTextFileSync("/proc/self/maps").split("\\n").find((line) => {
  const [from, to] = line.split(" ")[0].split("-").map((x) => BigInt("0x" + x));
  return from <= at && at < to;
}) ?? "";
console.log(JSON.stringify({ pinned, heap: mapping.includes("[heap]") }));
libc.symbols.free(block);
libc.close();
`;

Deno.test({
  name:
    "with the threshold fixed, a large block is mapped on its own even after a larger was freed",
  ignore: Deno.build.os !== "linux",
  async fn() {
    // glibc's default: the freed 16 MB block raised the threshold, so 1 MB comes from the heap.
    assert.deepEqual(await runProbe(PROBE, "default"), { pinned: false, heap: true });
    assert.deepEqual(await runProbe(PROBE, "pin"), { pinned: true, heap: false });
  },
});
