import assert from "node:assert/strict";
import { withCpuTime } from "./cpu_time.ts";

Deno.test("withCpuTime counts work on this thread, not another thread's", async () => {
  const [sum, mine] = await withCpuTime(() => {
    let s = 0;
    for (let i = 0; i < 30_000_000; i++) s += i % 7;
    return Promise.resolve(s);
  });
  assert.ok(sum > 0 && mine > 0, `this thread's loop took ${mine} ms`);
  // A worker spins for CPU time of its own while this thread only waits for its answer.
  const source = `
    import { withCpuTime } from ${JSON.stringify(new URL("./cpu_time.ts", import.meta.url).href)};
    const [, ms] = await withCpuTime(() => {
      const end = performance.now() + 300;
      while (performance.now() < end);
      return Promise.resolve();
    });
    postMessage(ms);`;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  try {
    const [theirs, waiting] = await withCpuTime(() =>
      new Promise<number>((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      })
    );
    assert.ok(theirs > 0, `the worker's spin took ${theirs} ms`);
    if (Deno.build.os === "linux") {
      assert.ok(waiting < theirs / 2, `waiting took ${waiting} ms against the worker's ${theirs}`);
    }
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});
