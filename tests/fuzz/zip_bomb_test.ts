import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const TIME = "/usr/bin/time";

/** Gzips `mebibytes` MiB of one repeated block: a tiny file that expands enormously. */
async function gzipOf(mebibytes: number, block: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  let n = 0;
  const source = new ReadableStream<BufferSource>({
    pull(controller) {
      if (n++ >= mebibytes) controller.close();
      else controller.enqueue(block);
    },
  });
  return new Uint8Array(
    await new Response(source.pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
}

/** Runs `deno task clean FILE`, under GNU time when present to learn its peak memory. */
async function clean(file: string) {
  const timed = await Deno.stat(TIME).then(() => true, () => false);
  const task = [Deno.execPath(), "task", "-q", "clean", file];
  const output = await new Deno.Command(timed ? TIME : task[0], {
    args: timed ? ["-f", "maxrss_kb=%M", ...task] : task.slice(1),
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  const rss = /maxrss_kb=(\d+)/.exec(stderr);
  return {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr,
    peakMiB: rss ? Number(rss[1]) / 1024 : null,
  };
}

Deno.test("deno task clean refuses a gzip bomb with a clear error, a non-zero exit and bounded memory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-bomb-" });
  try {
    const bomb = `${dir}/bomb.html.gz`;
    const spaces = new Uint8Array(1 << 20).fill(0x20);
    await Deno.writeFile(bomb, await gzipOf(512, spaces));
    const bombBytes = (await Deno.stat(bomb)).size;
    const started = performance.now();
    const result = await clean(bomb);
    const seconds = (performance.now() - started) / 1000;
    assert.notEqual(result.code, 0, "a bomb must fail");
    assert.match(result.stderr, /exceeds \d+ bytes.*zip bomb/);
    assert.equal(result.stdout, "", "nothing half-cleaned is printed");
    assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
    if (result.peakMiB !== null) {
      // The cap is 50 MiB of output; a process that held the whole 512 MiB would show it.
      assert.ok(result.peakMiB < 300, `peak RSS ${result.peakMiB.toFixed(0)} MiB`);
    }
    console.log(
      `${(bombBytes / 1024).toFixed(0)} KiB gzip → 512 MiB: exit ${result.code} in ${
        seconds.toFixed(1)
      } s, peak RSS ${result.peakMiB?.toFixed(0) ?? "?"} MiB`,
    );

    const page = `${dir}/page.html.gz`;
    const html = "<html><head><title>Varrow</title></head><body><main><h1>Varrow</h1>" +
      "<p>Queen Maelis rules the harbour city of Varrow.</p></main></body></html>";
    await Deno.writeFile(page, await gzipOf(1, new TextEncoder().encode(html)));
    const ok = await clean(page);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Queen Maelis rules/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
