import assert from "node:assert/strict";
import {
  formatDuration,
  formatProgress,
  formatScan,
  progressLine,
  scanLine,
} from "./ingest_progress.ts";
import { documentsFromDumpFile, type DumpReading } from "../lib/sources/dump_file.ts";

Deno.test("formatProgress shows a bar, rate, failures and ETA when the total is known", () => {
  const line = formatProgress({ done: 50, failed: 2, rate: 25, total: 100, id: "Aldric" });
  assert.match(line, /^\[#{12}-{12}\] 50\/100 · 25\.0 pages\/s · 2 failed · ETA 2s · Aldric$/);
});

Deno.test("formatProgress leaves out the ETA when the total is unknown", () => {
  const line = formatProgress({ done: 1200, failed: 0, rate: 412.4, total: null, id: "x" });
  assert.equal(line, "1200 pages · 412 pages/s · 0 failed · x");
});

Deno.test("formatDuration reads as hours, minutes or seconds", () => {
  assert.equal(formatDuration(3725), "1h02m");
  assert.equal(formatDuration(185), "3m05s");
  assert.equal(formatDuration(9.4), "9s");
});

Deno.test("progressLine counts failures and measures the rate on the clock", () => {
  const lines: string[] = [];
  let t = 0;
  const onProgress = progressLine(null, (s) => lines.push(s), () => t);
  for (let i = 1; i <= 30; i++) {
    t = i * 200; // 5 pages per second
    onProgress({ done: i, id: `p${i}`, outcome: i % 10 === 0 ? "failed" : "added" });
  }
  const last = lines[lines.length - 1];
  assert.match(last, /30 pages · 5\.0 pages\/s · 3 failed · p30/);
});

Deno.test("formatProgress shows a dump's share read as a bar, with an ETA from its pace", () => {
  const state = { done: 300, failed: 0, rate: 300, total: null, id: "x" };
  const line = formatProgress({ ...state, fraction: 0.25, fractionRate: 0.05 });
  assert.equal(
    line,
    `[${"#".repeat(6)}${"-".repeat(18)}] 300 pages, 25% · 300 pages/s · 0 failed · ETA 15s · x`,
  );
  // No pace yet: no ETA; no share: the plain count.
  assert.doesNotMatch(formatProgress({ ...state, fraction: 0.25, fractionRate: 0 }), /ETA/);
  assert.equal(
    formatProgress({ ...state, fraction: null }),
    "300 pages · 300 pages/s · 0 failed · x",
  );
});

Deno.test("formatScan tells how far the redirect scan is, by share or by bytes", () => {
  const mb = 2 ** 20;
  assert.equal(
    formatScan({ pass: "redirects", read: 100 * mb, total: 400 * mb }, 50 * mb),
    `scanning the dump for redirects · [${"#".repeat(6)}${"-".repeat(18)}] 25% · ETA 6s · 50 MB/s`,
  );
  assert.equal(
    formatScan({ pass: "redirects", read: 1536 * mb, total: null }, 96 * mb),
    "scanning the dump for redirects · 1.5 GB read · 96 MB/s",
  );
  // No pace yet: neither a rate nor an ETA.
  assert.equal(
    formatScan({ pass: "redirects", read: 8 * mb, total: 100 * mb }, null),
    `scanning the dump for redirects · [##${"-".repeat(22)}] 8%`,
  );
});

Deno.test("scanLine draws only during a redirect pass, each dump's scan at its own pace", () => {
  const reading: DumpReading = { pass: null, read: 0, total: null };
  const lines: string[] = [];
  let t = 0;
  const draw = scanLine(reading, (s) => lines.push(s), () => t);
  draw();
  assert.equal(lines.length, 0);
  // First seen with 30 MB read already: the pace counts from there, not from zero.
  reading.pass = "redirects";
  reading.read = 30 * 2 ** 20;
  draw();
  assert.doesNotMatch(lines.at(-1)!, /MB\/s/);
  t = 1000;
  reading.read = 40 * 2 ** 20;
  draw();
  assert.match(lines.at(-1)!, /40 MB read · 10 MB\/s/);
  reading.pass = "pages";
  draw();
  assert.equal(lines.length, 2);
  // The next dump of a folder: its own start.
  t = 60_000;
  reading.pass = "redirects";
  reading.read = 0;
  draw();
  t = 62_000;
  reading.read = 4 * 2 ** 20;
  draw();
  assert.match(lines.at(-1)!, /4 MB read · 2 MB\/s/);
});

Deno.test("a dump file's passes report what they read: its size, or the spool's once decoded", async () => {
  const dumps =
    new URL("../../shared/data/real-sources/mediawiki-dumps/", import.meta.url).pathname;
  const plain: DumpReading = { pass: null, read: 0, total: null };
  for await (const _ of documentsFromDumpFile(`${dumps}dump.xml`, { reading: plain })) {
    assert.equal(plain.pass, "pages");
  }
  const size = (await Deno.stat(`${dumps}dump.xml`)).size;
  assert.deepEqual(plain, { pass: "pages", read: size, total: size });
  const directory = await Deno.makeTempDir();
  try {
    const packed: DumpReading = { pass: null, read: 0, total: null };
    const passes: [DumpReading["pass"], number | null][] = [];
    const options = { reading: packed, spool: { directory }, bzip2: { commands: [] } };
    for await (const _ of documentsFromDumpFile(`${dumps}dump.xml.bz2`, options)) {
      passes.push([packed.pass, packed.total]);
    }
    // The page pass reads the spool: its size is the decoded XML's.
    assert.ok(packed.total !== null && packed.total > size);
    assert.deepEqual(passes, [["pages", packed.total]]);
    assert.equal(packed.read, packed.total);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("progressLine takes a dump's share from what its page pass has read", () => {
  const reading: DumpReading = { pass: "pages", read: 0, total: 1000 };
  const lines: string[] = [];
  let t = 0;
  const onProgress = progressLine(null, (s) => lines.push(s), () => t, reading);
  for (let i = 1; i <= 20; i++) {
    t = i * 200;
    reading.read = i * 20; // 2 % of the dump a page, 5 pages a second: 10 % a second
    onProgress({ done: i, id: `p${i}`, outcome: "added" });
  }
  assert.match(lines.at(-1)!, /\] 20 pages, 40% · 5\.0 pages\/s · 0 failed · ETA 6s · p20$/);
});
