import assert from "node:assert/strict";
import { buildLambdas, LAMBDA_ENTRIES } from "../../scripts/lambda_build.ts";

const hasNode = await new Deno.Command("node", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);

Deno.test({
  name: "the lambda:build bundles import under node and export a handler",
  ignore: !hasNode,
  fn: async () => {
    // Inside the project, so node resolves the external @aws-sdk packages from node_modules.
    const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
    const outDir = `${root}/dist/.lambda-test-${crypto.randomUUID()}`;
    try {
      const sizes = await buildLambdas({ outDir });
      assert.deepEqual(
        Object.keys(sizes).map((p) => p.split("/").pop()).sort(),
        Object.keys(LAMBDA_ENTRIES).map((n) => `${n}.mjs`).sort(),
      );
      for (const name of Object.keys(LAMBDA_ENTRIES)) {
        const file = `${outDir}/${name}.mjs`;
        const source = await Deno.readTextFile(file);
        assert.doesNotMatch(source, /from\s*"node:sqlite"/, "node:sqlite is never a static import");
        assert.match(source, /from\s*"@aws-sdk\/client-s3"/, "the AWS SDK stays external");
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
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});
