import assert from "node:assert/strict";
import freshConfig from "../../fresh.config.ts";
import manifest from "../../fresh.gen.ts";
import { islandName, renderManifest } from "./manifest.ts";

Deno.test("the committed fresh.gen.ts matches the routes and islands on disk", async () => {
  const expected = await renderManifest(freshConfig.root);
  const actual = await Deno.readTextFile(`${freshConfig.root}/fresh.gen.ts`);
  assert.equal(actual, expected, "run `deno task build` to regenerate fresh.gen.ts");
});

Deno.test("the manifest imports every route module statically", () => {
  assert.ok("routes/index.tsx" in manifest.routes);
  assert.ok("routes/api/health.ts" in manifest.routes);
  assert.equal(typeof manifest.islands["islands/Chat.tsx"].default, "function");
});

Deno.test("islandName is the file name without extension", () => {
  assert.equal(islandName("islands/Chat.tsx"), "Chat");
  assert.equal(islandName("islands/nested/Thing.jsx"), "Thing");
});
