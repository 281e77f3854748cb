/**
 * `deno task lambda:invoke process|vectorize|all [EVENT.json] [--via sqs|s3] [--seed DIR]
 * [--no-build]`
 *
 * Runs the BUILT Lambda bundles locally against a loopback fake S3, fed a simulated S3
 * event: the whole S3 → process → S3 → vectorize → store flow on a laptop.
 *
 * - `--via sqs` (the default, as the template wires it): each S3 notification arrives
 *   wrapped in an SQS message, one message per record, and the handler answers with
 *   `batchItemFailures`. `--via s3`: the S3 event is delivered directly, as with the
 *   template's `Trigger=s3`. An EVENT file may be in either shape already.
 *
 * - The bundles are rebuilt when missing or older than `lambda/` or `lib/`.
 * - Raw keys named by the event are seeded from `--seed DIR` (default `sample/lore`): the
 *   file at the same relative path, else the page whose slug is the longest prefix of the
 *   key's slug (`raw/House+Tallowin+%28draft%29.html` → `house-tallowin.html`).
 * - `vectorize` writes to the store configured by the environment (by default the local
 *   sqlite store in `DATA_DIR`). `node:sqlite` needs Node 22.5+; on older Node the
 *   vectorize handler runs from source under Deno instead, and the output says so.
 * - `all` seeds every page (or the event's keys), runs `process`, then runs `vectorize`
 *   with one record per object `process` wrote.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { parseS3Event } from "../lambda/s3_event.ts";
import { documentIdFromPath, SOURCE_EXTENSIONS } from "../lib/ingest/mod.ts";
import { type FakeS3, startFakeS3 } from "../tests/fakes/s3_server.ts";
import { objectCreatedEvent, sqsEvent } from "../tests/ingest/s3_events.ts";
import { isSqsEvent, s3RecordsFromSqs } from "../lambda/sqs_event.ts";
import { buildLambdas, LAMBDA_ENTRIES, LAMBDA_OUT_DIR } from "./lambda_build.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const BUCKET_FALLBACK = "lorechat-pipeline";
const RAW = "raw/";
const PROCESSED = "processed/";
type FunctionName = keyof typeof LAMBDA_ENTRIES;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) newest = Math.max(newest, await newestMtime(path));
    else if (entry.isFile) newest = Math.max(newest, (await Deno.stat(path)).mtime?.getTime() ?? 0);
  }
  return newest;
}

/** Rebuilds the bundles when missing or older than their sources. */
async function ensureBuilt(): Promise<void> {
  const outputs = Object.keys(LAMBDA_ENTRIES).map((n) => `${ROOT}/${LAMBDA_OUT_DIR}/${n}.mjs`);
  const built = await Promise.all(
    outputs.map((p) => Deno.stat(p).then((s) => s.mtime?.getTime() ?? 0, () => 0)),
  );
  const sources = Math.max(await newestMtime(`${ROOT}/lambda`), await newestMtime(`${ROOT}/lib`));
  if (Math.min(...built) > sources) return;
  console.error("building the Lambda bundles…");
  await buildLambdas({ root: ROOT });
}

/** The seed file for a raw key: same relative path, else the longest slug-prefix match. */
async function seedFileFor(seedDir: string, relative: string): Promise<string | null> {
  const exact = `${seedDir}/${relative}`;
  if (await Deno.stat(exact).then((s) => s.isFile, () => false)) return exact;
  const wanted = slug(documentIdFromPath(relative).split("/").pop()!);
  let best: string | null = null;
  for await (const entry of Deno.readDir(seedDir)) {
    const candidate = slug(documentIdFromPath(entry.name));
    if (!entry.isFile || !SOURCE_EXTENSIONS[entry.name.slice(entry.name.lastIndexOf("."))]) {
      continue;
    }
    if (wanted === candidate || wanted.startsWith(`${candidate}-`)) {
      if (!best || candidate.length > slug(documentIdFromPath(best)).length) best = entry.name;
    }
  }
  return best ? `${seedDir}/${best}` : null;
}

/** The S3 records of an event in either shape. */
function s3Records(event: unknown) {
  return isSqsEvent(event) ? event.Records.flatMap(s3RecordsFromSqs) : parseS3Event(event).Records;
}

/** The event as the chosen wiring delivers it: one SQS message per S3 record, or as is. */
function deliveredAs(via: "sqs" | "s3", event: unknown): unknown {
  const records = s3Records(event);
  if (via === "s3") return isSqsEvent(event) ? { Records: records } : event;
  return isSqsEvent(event) ? event : sqsEvent(records.map((record) => ({ Records: [record] })));
}

async function seedRawKeys(s3: FakeS3, event: unknown, seedDir: string): Promise<void> {
  const records = s3Records(event);
  let seeded = 0;
  for (const record of records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    if (!key.startsWith(RAW)) continue;
    const file = await seedFileFor(seedDir, key.slice(RAW.length));
    if (!file) {
      console.error(`seed: nothing in ${seedDir} for ${key}; the handler will not find it`);
      continue;
    }
    s3.put(record.s3.bucket.name, key, await Deno.readFile(file), { contentType: "text/html" });
    seeded++;
    if (records.length <= 10) console.error(`seed: s3://${record.s3.bucket.name}/${key} ← ${file}`);
  }
  if (records.length > 10) console.error(`seed: ${seeded} raw object(s) from ${seedDir}`);
}

/** Node's version as [major, minor], or null when `node` is not installed. */
async function nodeVersion(): Promise<[number, number] | null> {
  try {
    const out = await new Deno.Command("node", { args: ["--version"], stdout: "piped" }).output();
    const [major, minor] = new TextDecoder().decode(out.stdout).trim().slice(1).split(".").map(
      Number,
    );
    return [major, minor];
  } catch {
    return null;
  }
}

const RUNNER = `
const { default: process } = await import("node:process");
const { readFile } = await import("node:fs/promises");
const mod = await import(process.env.LORECHAT_INVOKE_MODULE);
const event = JSON.parse(await readFile(process.env.LORECHAT_INVOKE_EVENT, "utf8"));
const name = process.env.LORECHAT_INVOKE_NAME;
const context = {
  awsRequestId: "local-" + Date.now(),
  functionName: "lorechat-" + name,
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:lorechat-" + name,
  memoryLimitInMB: "512",
  getRemainingTimeInMillis: () => 60000,
};
let code = 0;
try {
  const result = await mod.handler(event, context);
  console.log("@@RESULT " + JSON.stringify(result));
} catch (error) {
  console.log("@@ERROR " + JSON.stringify({ name: error?.name, message: error?.message }));
  code = 1;
}
process.exit(code);
`;

interface Invocation {
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string };
}

/** Runs one handler in a child process (the bundle under node, or the source under Deno). */
async function invoke(name: FunctionName, event: unknown, s3: FakeS3): Promise<Invocation> {
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: s3.url,
    AWS_ACCESS_KEY_ID: "LOCALINVOKEKEY",
    AWS_SECRET_ACCESS_KEY: "local-invoke-secret",
    // As the Lambda service sets it: Powertools reports cold starts only for on-demand.
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_REGION: Deno.env.get("AWS_REGION") ?? "us-east-1",
    LOG_FORMAT: Deno.env.get("LOG_FORMAT") ?? "json",
  };
  const eventFile = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(eventFile, JSON.stringify(event));
  const version = await nodeVersion();
  const store = Deno.env.get("VECTOR_STORE") ?? "sqlite";
  const needsSqlite = name === "vectorize" && store === "sqlite";
  if (name === "vectorize") {
    const where = store === "sqlite" ? ` in DATA_DIR=${Deno.env.get("DATA_DIR") ?? ".data"}` : "";
    console.error(`store: ${store}${where}`);
  }
  const nodeOk = version !== null &&
    (!needsSqlite || version[0] > 22 || (version[0] === 22 && version[1] >= 5));
  let command: Deno.Command;
  if (nodeOk) {
    const module = new URL(`file://${ROOT}/${LAMBDA_OUT_DIR}/${name}.mjs`).href;
    const flags = needsSqlite && version![0] === 22 && version![1] < 13
      ? ["--experimental-sqlite"]
      : [];
    console.error(`run: node ${version!.join(".")} ${LAMBDA_OUT_DIR}/${name}.mjs`);
    command = new Deno.Command("node", {
      args: [...flags, "--enable-source-maps", "--input-type=module", "-e", RUNNER],
      env: {
        ...env,
        LORECHAT_INVOKE_MODULE: module,
        LORECHAT_INVOKE_EVENT: eventFile,
        LORECHAT_INVOKE_NAME: name,
      },
      cwd: ROOT,
      stdout: "piped",
    });
  } else {
    const why = version
      ? `node ${version.join(".")} has no node:sqlite (needs 22.5+)`
      : "node is not installed";
    console.error(`run: ${why}; running lambda/${name}.ts under Deno ${Deno.version.deno} instead`);
    command = new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=js", RUNNER],
      env: {
        ...env,
        LORECHAT_INVOKE_MODULE: new URL(`file://${ROOT}/${LAMBDA_ENTRIES[name]}`).href,
        LORECHAT_INVOKE_EVENT: eventFile,
        LORECHAT_INVOKE_NAME: name,
      },
      cwd: ROOT,
      stdout: "piped",
    });
  }
  try {
    const out = await command.output();
    const invocation: Invocation = { ok: out.success };
    for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
      if (line.startsWith("@@RESULT ")) invocation.result = JSON.parse(line.slice(9));
      else if (line.startsWith("@@ERROR ")) invocation.error = JSON.parse(line.slice(8));
      else if (line.trim()) console.log(line);
    }
    return invocation;
  } finally {
    await Deno.remove(eventFile);
  }
}

/** Prints an invocation's outcome: counts, then one line per record. */
function report(name: string, invocation: Invocation): void {
  if (invocation.error) {
    console.log(`${name}: FAILED ${invocation.error.name}: ${invocation.error.message}`);
    return;
  }
  const batch = invocation.result as { batchItemFailures?: { itemIdentifier: string }[] };
  if (batch?.batchItemFailures) {
    const failed = batch.batchItemFailures.map((f) => f.itemIdentifier);
    console.log(
      `${name}: SQS batch, ${failed.length} failed message(s)` +
        (failed.length ? `: ${failed.join(", ")}` : "") +
        " (per-record lines are in the log above)",
    );
    return;
  }
  const summary = invocation.result as {
    records: number;
    ok: number;
    skipped: number;
    failed: number;
    durationMs: number;
    results: { key: string; outcome: string; reason?: string; detail?: Record<string, unknown> }[];
  };
  console.log(
    `${name}: records=${summary.records} ok=${summary.ok} skipped=${summary.skipped} ` +
      `failed=${summary.failed} durationMs=${summary.durationMs}`,
  );
  for (const r of summary.results) {
    const extra = r.reason ?? (r.detail ? JSON.stringify(r.detail) : "");
    console.log(`  ${r.outcome.padEnd(9)} ${r.key}  ${extra}`);
  }
}

/** Sequencers that increase with time, like S3's. */
function sequencers(n: number): string[] {
  const base = Date.now().toString(16).toUpperCase().padStart(12, "0");
  return Array.from(
    { length: n },
    (_, i) => `00${base}${i.toString(16).toUpperCase().padStart(4, "0")}`,
  );
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      seed: { type: "string" },
      via: { type: "string", default: "sqs" },
      "no-build": { type: "boolean" },
    },
  });
  if (values.via !== "sqs" && values.via !== "s3") {
    console.error("--via must be sqs or s3");
    return 2;
  }
  const deliver = (event: unknown) => deliveredAs(values.via as "sqs" | "s3", event);
  const [target, eventPath] = positionals;
  if (!["process", "vectorize", "all"].includes(target)) {
    console.error("usage: deno task lambda:invoke process|vectorize|all [EVENT.json] [--seed DIR]");
    return 2;
  }
  const seedDir = values.seed ?? `${ROOT}/sample/lore`;
  if (!values["no-build"]) await ensureBuilt();
  const s3 = await startFakeS3();
  try {
    let event: unknown = eventPath ? JSON.parse(await Deno.readTextFile(eventPath)) : null;
    if (target === "vectorize") {
      // Seed processed/ by running process on the raw pages those keys came from.
      const records = s3Records(event);
      const raw = records.map((r) =>
        RAW +
        decodeURIComponent(r.s3.object.key.replace(/\+/g, " ")).slice(PROCESSED.length).replace(
          /\.md$/,
          ".html",
        )
      );
      const rawEvent = objectCreatedEvent(records[0].s3.bucket.name, raw);
      await seedRawKeys(s3, rawEvent, seedDir);
      const seeded = await invoke("process", rawEvent, s3);
      if (!seeded.ok) report("process (seeding)", seeded);
    } else {
      if (!event) {
        const files = [...Deno.readDirSync(seedDir)].filter((e) => e.isFile).map((e) => e.name)
          .sort();
        event = objectCreatedEvent(BUCKET_FALLBACK, files.map((f) => RAW + f));
      }
      await seedRawKeys(s3, event, seedDir);
    }
    const first = await invoke(
      target === "all" ? "process" : target as FunctionName,
      deliver(event),
      s3,
    );
    report(target === "all" ? "process" : target, first);
    if (target !== "all") return first.ok ? 0 : 1;
    const bucket = s3Records(event)[0].s3.bucket.name;
    const processed = [...s3.objects.keys()].filter((k) => k.startsWith(`${bucket}/${PROCESSED}`))
      .map((k) => k.slice(bucket.length + 1)).sort();
    console.error(`vectorize: ${processed.length} object(s) under ${PROCESSED}`);
    const second = await invoke(
      "vectorize",
      deliver(objectCreatedEvent(bucket, processed, { sequencers: sequencers(processed.length) })),
      s3,
    );
    report("vectorize", second);
    return first.ok && second.ok ? 0 : 1;
  } finally {
    await s3.close();
  }
}

if (import.meta.main) Deno.exit(await main());
