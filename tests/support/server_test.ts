import assert from "node:assert/strict";

const prepare = new URL("./server.ts", import.meta.url).href;

Deno.test("the static folder built for test servers is removed when the process ends", async () => {
  const script = `import { prepareStatic } from ${JSON.stringify(prepare)};
const { staticDir } = await prepareStatic();
await Deno.stat(staticDir + "/_islands");
console.log(staticDir);`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dir = new TextDecoder().decode(out.stdout).trim();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.ok(dir.includes("lorechat-static-"), `printed ${dir}`);
  let gone = false;
  try {
    await Deno.stat(dir);
  } catch (error) {
    gone = error instanceof Deno.errors.NotFound;
  }
  assert.ok(gone, `${dir} is still there`);
});
