import assert from "node:assert/strict";
import { startFakeSecretsManager } from "../tests/fakes/secrets_manager_server.ts";
import { once, resolveSecrets, secretsManagerReader } from "./runtime.ts";
import { decodeS3Key, parseS3Event } from "./s3_event.ts";

const UPSTASH_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:upstash";
const OPENAI_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:openai";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

Deno.test("resolveSecrets reads the Upstash and OpenAI secrets through Powertools, cached", async (t) => {
  const fake = startFakeSecretsManager({
    [UPSTASH_ARN]: JSON.stringify({ url: "https://x.upstash.io", token: "upstash-tok-123456" }),
    [OPENAI_ARN]: JSON.stringify({ OPENAI_API_KEY: "sk-test-abcdef123456" }),
    "shared": JSON.stringify({
      UPSTASH_VECTOR_REST_URL: "https://y.upstash.io",
      UPSTASH_VECTOR_REST_TOKEN: "tok-y-987654",
      OPENAI_API_KEY: "sk-shared-555555",
    }),
    "plain-key": "sk-plain-444444",
  });
  const read = secretsManagerReader({ region: "eu-west-1", endpoint: fake.url, credentials });
  try {
    await t.step("without secret ARNs the environment is unchanged", async () => {
      const env = { VECTOR_STORE: "upstash" };
      assert.deepEqual(await resolveSecrets(env, read), env);
      assert.equal(fake.requests.length, 0);
    });
    await t.step("both secrets fill their variables over the real protocol", async () => {
      const env = await resolveSecrets({
        UPSTASH_SECRET_ARN: UPSTASH_ARN,
        OPENAI_SECRET_ARN: OPENAI_ARN,
      }, read);
      assert.equal(env.UPSTASH_VECTOR_REST_URL, "https://x.upstash.io");
      assert.equal(env.UPSTASH_VECTOR_REST_TOKEN, "upstash-tok-123456");
      assert.equal(env.OPENAI_API_KEY, "sk-test-abcdef123456");
      assert.deepEqual(fake.requests.map((r) => [r.target, r.secretId, r.signed]), [
        ["secretsmanager.GetSecretValue", UPSTASH_ARN, true],
        ["secretsmanager.GetSecretValue", OPENAI_ARN, true],
      ]);
    });
    await t.step("a second start within maxAge is served from the cache", async () => {
      const before = fake.requests.length;
      fake.set(UPSTASH_ARN, JSON.stringify({ url: "https://z", token: "rotated-000000" }));
      const env = await resolveSecrets({ UPSTASH_SECRET_ARN: UPSTASH_ARN }, read);
      assert.equal(env.UPSTASH_VECTOR_REST_TOKEN, "upstash-tok-123456");
      assert.equal(fake.requests.length, before);
    });
    await t.step("one secret named by both variables is read once", async () => {
      const before = fake.requests.length;
      const env = await resolveSecrets({
        UPSTASH_SECRET_ARN: "shared",
        OPENAI_SECRET_ARN: "shared",
      }, read);
      assert.equal(env.UPSTASH_VECTOR_REST_TOKEN, "tok-y-987654");
      assert.equal(env.OPENAI_API_KEY, "sk-shared-555555");
      assert.equal(fake.requests.length - before, 1);
    });
    await t.step("an OpenAI secret may be the bare key", async () => {
      const env = await resolveSecrets({ OPENAI_SECRET_ARN: "plain-key" }, read);
      assert.equal(env.OPENAI_API_KEY, "sk-plain-444444");
    });
    await t.step("a missing secret fails naming the variable, not a value", async () => {
      await assert.rejects(
        resolveSecrets({ OPENAI_SECRET_ARN: "nope" }, read),
        /OPENAI_SECRET_ARN: could not read the secret/,
      );
    });
  } finally {
    await fake.close();
  }
});

Deno.test("a malformed secret fails without echoing its value", async () => {
  const error = await resolveSecrets(
    { UPSTASH_SECRET_ARN: "arn" },
    () => Promise.resolve("not-json-but-very-secret"),
  ).then(() => null, (e) => e);
  assert.match(String(error), /UPSTASH_SECRET_ARN: the secret must hold a url and a token/);
  assert.doesNotMatch(String(error), /very-secret/);
  await assert.rejects(
    resolveSecrets({ UPSTASH_SECRET_ARN: "arn" }, () => Promise.resolve('{"url":"u"}')),
    /must hold a url and a token/,
  );
  await assert.rejects(
    resolveSecrets({ OPENAI_SECRET_ARN: "arn" }, () => Promise.resolve('{"other":"x"}')),
    /must hold an API key/,
  );
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
