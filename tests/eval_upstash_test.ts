/**
 * `deno task eval --store upstash` end to end against the loopback Upstash fake: the
 * beir-mini corpus goes into a throwaway namespace through the real CLI, the questions
 * are scored, and the namespace is gone afterwards.
 */
import assert from "node:assert/strict";
import { startFakeUpstash } from "./fakes/upstash_server.ts";

const root = new URL("..", import.meta.url).pathname;
const TOKEN = "eval-upstash-token";

Deno.test("eval --store upstash scores retrieval over the fake and cleans up", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: 8, hostedEmbedding: true });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${root}scripts/eval.ts`,
        "--dataset",
        `${root}tests/fixtures/beir-mini`,
        "--store",
        "upstash",
        "--json",
      ],
      env: {
        UPSTASH_VECTOR_REST_URL: fake.url,
        UPSTASH_VECTOR_REST_TOKEN: TOKEN,
        UPSTASH_VECTOR_MODE: "hosted",
        LOG_LEVEL: "error",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.ok(output.success, stderr);
    assert.ok(!stderr.includes(TOKEN), "the token never reaches the logs");
    const report = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(report.documents, 30);
    assert.ok(report["ndcg@10"] > 0, `nDCG@10 ${report["ndcg@10"]}`);
    const namespaces = new Set(fake.requests.map((r) => r.namespace));
    const evalSpace = [...namespaces].find((ns) => ns.startsWith("lorechat-eval-"));
    assert.ok(evalSpace, "a throwaway namespace per run");
    assert.equal(fake.vectors(evalSpace).length, 0, "and it is emptied afterwards");
  } finally {
    await fake.close();
  }
});
