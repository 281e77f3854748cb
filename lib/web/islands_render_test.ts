import assert from "node:assert/strict";
import { h } from "preact";
import { render } from "preact-render-to-string";
import { parseHTML } from "linkedom";
import { collectIslands, registerIslands, serialiseForScript } from "./islands_render.ts";
import { injectIslandScripts } from "./page.ts";

function Greeter(props: { text: string }) {
  return h("p", { class: "greeter" }, props.text);
}
registerIslands({ Greeter: Greeter as never });

const assets = {
  boot: "/_islands/boot-AAAA1111.js",
  modules: { Greeter: "/_islands/Greeter-BBBB2222.js" },
  preload: { Greeter: ["/_islands/chunk-CCCC3333.js"] },
  files: {},
};

Deno.test("serialiseForScript escapes everything that could end a script element", () => {
  const text = serialiseForScript({ a: "</script><script>alert(1)</script>", b: "&\u2028" });
  assert.ok(!text.includes("<"));
  assert.ok(!text.includes(">"));
  assert.ok(!text.includes("&"));
  assert.deepEqual(JSON.parse(text), { a: "</script><script>alert(1)</script>", b: "&\u2028" });
});

Deno.test("an island prop containing </script> cannot break out of the payload", () => {
  const evil = "</script><script>window.pwned=1</script><!--";
  const { result, islands } = collectIslands(() =>
    render(h("html", null, h("body", null, h(Greeter, { text: evil }))))
  );
  const html = injectIslandScripts(result, islands, assets);
  const { document } = parseHTML(html);
  const scripts = [...document.querySelectorAll("script")];
  assert.equal(scripts.length, 2, "only the payload and the boot script");
  const payload = JSON.parse(document.getElementById("__lorechat_islands")!.textContent!);
  assert.equal(payload.props[0].text, evil);
  assert.equal(document.querySelector("lorechat-island p.greeter")!.textContent, evil);
});

Deno.test("islands are wrapped in markers with their props, in order", () => {
  const { result, islands } = collectIslands(() =>
    render(h("div", null, h(Greeter, { text: "one" }), h(Greeter, { text: "two" })))
  );
  assert.deepEqual(islands.map((i) => i.props.text), ["one", "two"]);
  assert.match(result, /<lorechat-island data-island="Greeter" data-index="1">/);
});

Deno.test("a page with no island gets no script at all", () => {
  const { result, islands } = collectIslands(() =>
    render(h("html", null, h("body", null, h("p", null, "static"))))
  );
  assert.equal(islands.length, 0);
  assert.ok(!injectIslandScripts(result, islands, assets).includes("<script"));
});

Deno.test("island props that cannot be serialised are refused loudly", () => {
  assert.throws(
    () => collectIslands(() => render(h(Greeter, { text: "x", onClick: () => {} } as never))),
    /not serialisable/,
  );
});
