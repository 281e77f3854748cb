import assert from "node:assert/strict";
import { buildLambdaBundles } from "../../scripts/lambda_build.ts";
import { startFakeS3 } from "../fakes/s3_server.ts";
import { startFakeSecretsManager } from "../fakes/secrets_manager_server.ts";
import { objectCreatedEvent, sqsEvent } from "./s3_events.ts";

const hasNode = await new Deno.Command("node", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);

const SECRET = "sk-live-SECRET-0123456789";
const BUCKET = "lore-pipeline";

/** Invokes the handler once per event file, as two Lambda invocations of one instance. */
const RUNNER = `
const { handler } = await import(process.env.MODULE);
const events = JSON.parse(process.env.EVENTS);
for (const [i, event] of events.entries()) {
  const result = await handler(event, {
    awsRequestId: "req-" + (i + 1),
    functionName: "lorechat-process",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:lorechat-process",
    memoryLimitInMB: "512",
    getRemainingTimeInMillis: () => 60000,
  });
  console.log("@@RESULT " + JSON.stringify(result));
}
`;

Deno.test({
  name: "the built process Lambda writes Powertools JSON logs and EMF metrics, secrets scrubbed",
  ignore: !hasNode,
  fn: async (t) => {
    const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
    const outDir = `${root}/dist/.telemetry-test-${crypto.randomUUID().slice(0, 8)}`;
    const s3 = await startFakeS3();
    const secrets = startFakeSecretsManager({ "openai-key": SECRET });
    try {
      await buildLambdaBundles({ outDir });
      const page = (t: string) =>
        `<html><head><title>${t}</title></head><body><main><h1>${t}</h1>` +
        `<p>About ${t}.</p></main></body></html>`;
      s3.put(BUCKET, "raw/alpha.html", page("Alpha"));
      s3.put(BUCKET, `raw/${SECRET}.html`, page("Leaky name"));
      const events = [
        sqsEvent([objectCreatedEvent(BUCKET, ["raw/alpha.html"])]),
        sqsEvent([
          objectCreatedEvent(BUCKET, [`raw/${SECRET}.html`]),
          objectCreatedEvent(BUCKET, ["raw/missing.html"]),
        ]),
      ];
      const out = await new Deno.Command("node", {
        args: ["--input-type=module", "-e", RUNNER],
        cwd: outDir,
        clearEnv: true,
        env: {
          PATH: Deno.env.get("PATH") ?? "",
          MODULE: `file://${outDir}/process.mjs`,
          EVENTS: JSON.stringify(events),
          AWS_ENDPOINT_URL: s3.url,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "TESTACCESSKEY",
          AWS_SECRET_ACCESS_KEY: "test-secret-access-key",
          AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
          SECRETS_MANAGER_ENDPOINT_URL: secrets.url,
          OPENAI_SECRET_ARN: "openai-key",
          ENV: "production",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.ok(out.success, stderr);
      // Powertools writes warnings and errors to stderr; Lambda sends both to CloudWatch.
      const lines = `${stdout}\n${stderr}`.trim().split("\n");
      const results = lines.filter((l) => l.startsWith("@@RESULT ")).map((l) =>
        JSON.parse(l.slice(9))
      );
      const json = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
      const logs = json.filter((l) => l.level);
      const emf = json.filter((l) => l._aws);

      await t.step("the batch answer names the failed message only", () => {
        assert.deepEqual(results, [
          { batchItemFailures: [] },
          { batchItemFailures: [{ itemIdentifier: "msg-2" }] },
        ]);
      });
      await t.step("log lines carry the Lambda context, cold start and correlation id", () => {
        const records = logs.filter((l) => l.message.startsWith("record "));
        assert.equal(records.length, 3);
        assert.deepEqual(records.map((l) => [l.cold_start, l.function_request_id]), [
          [true, "req-1"],
          [false, "req-2"],
          [false, "req-2"],
        ]);
        assert.ok(records.every((l) => l.service === "lorechat-process"));
        assert.equal(records[0].correlation_id, "raw/alpha.html");
        assert.equal(records[2].correlation_id, "raw/missing.html");
        assert.equal(records[2].level, "ERROR");
        const summary = logs.find((l) => l.message === "invocation summary");
        assert.ok(summary && !("correlation_id" in summary), "cleared after each record");
      });
      await t.step("metrics are EMF blobs on stdout", () => {
        const blobs = emf.filter((b) => "PagesCleaned" in b);
        assert.equal(blobs.length, 2, "one per invocation");
        const [ns] = blobs[0]._aws.CloudWatchMetrics;
        assert.equal(ns.Namespace, "LoreChat/Ingest");
        const names = ns.Metrics.map((m: { Name: string }) => m.Name);
        for (const name of ["PagesCleaned", "PagesWritten", "Records", "FailedRecords"]) {
          assert.ok(names.includes(name), name);
        }
        assert.equal(blobs[0].PagesCleaned, 1);
        assert.equal(blobs[1].FailedRecords, 1);
        assert.equal(emf.filter((b) => "ColdStart" in b).length, 1, "one cold-start metric");
      });
      await t.step("the secret read at start-up never reaches the output", () => {
        assert.equal(secrets.requests.length, 1);
        assert.ok(!`${stdout}${stderr}`.includes(SECRET), "secret value in the output");
        assert.ok(stdout.includes("raw/[redacted].html"));
        assert.ok(
          s3.objects.has(`${BUCKET}/processed/${SECRET}.md`),
          "the page itself is processed",
        );
      });
    } finally {
      await secrets.close();
      await s3.close();
      await Deno.remove(outDir, { recursive: true }).catch(() => {});
    }
  },
});
