import assert from "node:assert/strict";
import { once, readSecretFromAws, resolveSecrets } from "./runtime.ts";
import { decodeS3Key, parseS3Event } from "./s3_event.ts";

Deno.test("resolveSecrets fills Upstash credentials from the secret", async (t) => {
  await t.step("without UPSTASH_SECRET_ARN the environment is unchanged", async () => {
    const env = { VECTOR_STORE: "upstash" };
    assert.equal(await resolveSecrets(env, () => Promise.reject(new Error("unused"))), env);
  });
  await t.step("with it, the secret's url and token are used", async () => {
    const asked: string[] = [];
    const env = await resolveSecrets(
      {
        UPSTASH_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:upstash",
        AWS_REGION: "eu-west-1",
      },
      (arn, region) => {
        asked.push(`${arn}@${region}`);
        return Promise.resolve(
          JSON.stringify({ url: "https://x.upstash.io", token: "tok-123456" }),
        );
      },
    );
    assert.deepEqual(asked, ["arn:aws:secretsmanager:eu-west-1:1:secret:upstash@eu-west-1"]);
    assert.equal(env.UPSTASH_VECTOR_REST_URL, "https://x.upstash.io");
    assert.equal(env.UPSTASH_VECTOR_REST_TOKEN, "tok-123456");
  });
  await t.step("a malformed secret fails without echoing its value", async () => {
    const error = await resolveSecrets(
      { UPSTASH_SECRET_ARN: "arn" },
      () => Promise.resolve("not-json-but-very-secret"),
    ).then(() => null, (e) => e);
    assert.match(String(error), /UPSTASH_SECRET_ARN/);
    assert.doesNotMatch(String(error), /very-secret/);
    await assert.rejects(
      resolveSecrets({ UPSTASH_SECRET_ARN: "arn" }, () => Promise.resolve('{"url":"u"}')),
      /must hold a url and a token/,
    );
  });
});

Deno.test("readSecretFromAws speaks the Secrets Manager protocol", async () => {
  const seen: { target: string | null; body: unknown }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    seen.push({ target: req.headers.get("x-amz-target"), body: await req.json() });
    return Response.json(
      { ARN: "arn:s", Name: "upstash", SecretString: '{"url":"https://u","token":"t0k3n"}' },
      { headers: { "content-type": "application/x-amz-json-1.1" } },
    );
  });
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };
  try {
    const env = await resolveSecrets({
      UPSTASH_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:upstash",
      AWS_ENDPOINT_URL: `http://127.0.0.1:${server.addr.port}`,
    }, (arn, region, endpoint) => readSecretFromAws(arn, region, endpoint, credentials));
    assert.equal(env.UPSTASH_VECTOR_REST_TOKEN, "t0k3n");
    assert.deepEqual(seen, [{
      target: "secretsmanager.GetSecretValue",
      body: { SecretId: "arn:aws:secretsmanager:us-east-1:1:secret:upstash" },
    }]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("once memoizes success and retries after a failure", async () => {
  let calls = 0;
  const start = once(() =>
    ++calls === 1 ? Promise.reject(new Error("cold")) : Promise.resolve(calls)
  );
  await assert.rejects(start(), /cold/);
  assert.equal(await start(), 2);
  assert.equal(await start(), 2);
  assert.equal(calls, 2);
});

Deno.test("decodeS3Key turns + into spaces before %xx escapes", () => {
  const cases: [string, string][] = [
    ["raw/House+Tallowin+%282%29.html", "raw/House Tallowin (2).html"],
    ["raw/a%2Bb.html", "raw/a+b.html"],
    ["raw/Corvane+I+%E2%80%94+Queen.html", "raw/Corvane I — Queen.html"],
    ["raw/plain.html", "raw/plain.html"],
  ];
  for (const [encoded, decoded] of cases) assert.equal(decodeS3Key(encoded), decoded);
  assert.throws(() => decodeS3Key("raw/%E2%80.html"), URIError);
});

Deno.test("parseS3Event accepts the sample events and rejects others", async () => {
  for (const name of ["put-raw", "put-processed", "put-raw-multi"]) {
    const event = JSON.parse(
      await Deno.readTextFile(new URL(`./events/${name}.json`, import.meta.url)),
    );
    assert.ok(parseS3Event(event).Records.length >= 1, name);
  }
  assert.throws(() => parseS3Event({ Records: [] }), /Records/);
  assert.throws(
    () => parseS3Event({ Records: [{ eventName: "x", s3: { bucket: { name: "b" } } }] }),
    /object/,
  );
});
