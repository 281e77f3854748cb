import assert from "node:assert/strict";
import { buildLambdaBundles, LAMBDA_ENTRIES, staticClosure } from "../../scripts/lambda_build.ts";

const hasNode = await new Deno.Command("node", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);

Deno.test({
  name: "the lambda:build bundles import under node, export a handler, and load lazily",
  ignore: !hasNode,
  fn: async (t) => {
    // Inside the project, so node resolves the external @aws-sdk packages from node_modules.
    const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
    const outDir = `${root}/dist/.lambda-test-${crypto.randomUUID()}`;
    try {
      const build = await buildLambdaBundles({ outDir });
      const rel = outDir.slice(root.length + 1);
      const outputs = Object.keys(build.sizes);
      const read = (path: string) => Deno.readTextFile(`${root}/${path}`);
      await t.step("one file per handler, the rest as chunks beside them", () => {
        const handlers = outputs.filter((p) => !p.includes("/chunks/")).map((p) =>
          p.split("/").pop()
        );
        assert.deepEqual(
          handlers.sort(),
          Object.keys(LAMBDA_ENTRIES).map((n) => `${n}.mjs`).sort(),
        );
        assert.ok(outputs.some((p) => p.startsWith(`${rel}/chunks/sources-`)));
      });
      await t.step("readers, stores and embedders stay out of the cold start", async () => {
        for (const name of Object.keys(LAMBDA_ENTRIES)) {
          const closure = staticClosure(build, `${rel}/${name}.mjs`);
          const lazy = closure.filter((p) => /\/(sources|sqlite|upstash|openai|bedrock)-/.test(p));
          assert.deepEqual(lazy, [], `${name} statically loads ${lazy}`);
          const code = (await Promise.all(closure.map(read))).join("\n");
          assert.doesNotMatch(code, /from\s*"node:sqlite"/, "node:sqlite is never a static import");
          assert.doesNotMatch(code, /linkedom|Readability/, "no HTML parser at cold start");
          assert.match(code, /from\s*"@aws-sdk\/client-s3"/, "the AWS SDK stays external");
        }
        const vectorize = build.dynamicImports[`${rel}/vectorize.mjs`].join(" ");
        for (const part of ["sqlite", "upstash", "openai", "bedrock"]) {
          assert.match(vectorize, new RegExp(`/${part}-`), `${part} is its own lazy chunk`);
        }
      });
      await t.step("each handler imports under node", async () => {
        for (const name of Object.keys(LAMBDA_ENTRIES)) {
          const file = `${outDir}/${name}.mjs`;
          await Deno.stat(`${file}.map`);
          const out = await new Deno.Command("node", {
            args: [
              "--input-type=module",
              "-e",
              `const m = await import(${JSON.stringify(`file://${file}`)}); ` +
              `console.log(typeof m.handler);`,
            ],
            cwd: outDir,
            stdout: "piped",
            stderr: "piped",
          }).output();
          const stderr = new TextDecoder().decode(out.stderr);
          assert.ok(out.success, `${name}.mjs failed to import: ${stderr}`);
          assert.equal(new TextDecoder().decode(out.stdout).trim(), "function");
        }
      });
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});
