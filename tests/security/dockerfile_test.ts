import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function dockerInstructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

/** The instructions of the last stage: what the image that ships runs. */
function finalStage(text: string) {
  const all = dockerInstructions(text);
  const from = all.findLastIndex((i) => i.op === "FROM");
  return all.slice(from);
}

Deno.test("the runtime image runs as a non-root user, with a health check and least privilege", async () => {
  const stage = finalStage(await Deno.readTextFile(`${ROOT}Dockerfile`));
  const users = stage.filter((i) => i.op === "USER").map((i) => i.args.split(":")[0]);
  assert.ok(users.length > 0, "the final stage sets USER");
  assert.ok(!["root", "0"].includes(users.at(-1)!), `runs as ${users.at(-1)}`);
  const health = stage.find((i) => i.op === "HEALTHCHECK");
  assert.ok(health && !/^NONE$/i.test(health.args), "a HEALTHCHECK is declared");
  assert.match(health.args, /\/api\/health/);
  const cmd = stage.findLast((i) => i.op === "CMD")!.args;
  assert.match(cmd, /--allow-write=\/data,\/tmp"/, "writes only to the data volume and /tmp");
  assert.doesNotMatch(cmd, /"-A"|--allow-all|--allow-run/);
  // `deno task ingest` of a .7z dump in the container needs 7-Zip, installed as root.
  const install = stage.findIndex((i) =>
    i.op === "RUN" && /apt-get install .*\b7zip\b/.test(i.args)
  );
  assert.ok(install >= 0 && install < stage.findIndex((i) => i.op === "USER"), "7zip installed");
  // The orchestrator enforces the read-only root the image is built for.
  const ecs = await Deno.readTextFile(`${ROOT}deploy/ecs-fargate.yaml`);
  assert.match(ecs, /ReadonlyRootFilesystem:\s*true/);
});

Deno.test("dockerInstructions joins continuations and finds the last stage", () => {
  const stage = finalStage(
    "FROM a AS b\nUSER root\n# comment\nFROM c\nUSER app\nHEALTHCHECK --interval=5s \\\n  CMD true\n",
  );
  assert.deepEqual(stage.map((i) => i.op), ["FROM", "USER", "HEALTHCHECK"]);
  assert.equal(stage[2].args, "--interval=5s CMD true");
});

Deno.test("the image and `deno task start` serve with the same V8 flags as the benches", async () => {
  const { SERVE_V8_FLAGS } = await import("../../lib/app/serve_flags.ts");
  const flag = `--v8-flags=${SERVE_V8_FLAGS}`;
  const cmd =
    finalStage(await Deno.readTextFile(`${ROOT}Dockerfile`)).findLast((i) => i.op === "CMD")!.args;
  assert.ok(cmd.includes(`"${flag}"`), `the image's CMD passes ${flag}`);
  const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;
  assert.ok(tasks.start.split(/\s+/).includes(flag), `deno task start passes ${flag}`);
});
