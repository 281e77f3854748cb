import assert from "node:assert/strict";
import { wikitextToMarkdown } from "./wikitext.ts";

const SAMPLES = new URL("../../../shared/data/real-sources/wikitext/", import.meta.url).pathname;
/** Markup that must never reach a chunk. */
const LEFTOVER = /\{\{|\}\}|\[\[|\]\]|'''|<ref|&lt;ref|^\s*\{\||^\s*\|\}|^\s*\|-|^\s*!/m;

async function samples(): Promise<[string, string][]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(SAMPLES)) if (e.isFile) names.push(e.name);
  names.sort();
  return await Promise.all(names.map(async (n) => [n, await Deno.readTextFile(SAMPLES + n)]));
}

Deno.test("wikitextToMarkdown leaves no wiki markup in any real sample", async () => {
  const all = await samples();
  assert.equal(all.length, 18);
  for (const [name, text] of all) {
    const { markdown } = wikitextToMarkdown(text, { title: name });
    const left = LEFTOVER.exec(markdown);
    assert.equal(
      left,
      null,
      `${name}: ${markdown.slice((left?.index ?? 0) - 60, (left?.index ?? 0) + 40)}`,
    );
    if (name !== "redirect.txt") assert.ok(markdown.length > 300, `${name} kept its prose`);
  }
});

Deno.test("wikitextToMarkdown puts infobox facts at the top of the real samples", async () => {
  const all = new Map(await samples());
  const expect: [string, string][] = [
    ["Mark-Behr.txt", "- naam: Mark Behr"],
    ["Mark-Behr.txt", "- geboorteplek: Arusha, Tanzanië"],
    ["Mozilla-Firefox.txt", "- Hersteller: Mozilla Corporation"],
    ["BBDO.txt", "- "],
    ["statoil.txt", "- "],
    ["africaans.txt", "- "],
    ["Maurische-Netzwuhle.txt", "- "],
  ];
  for (const [name, line] of expect) {
    const { markdown, facts } = wikitextToMarkdown(all.get(name)!);
    assert.ok(facts.length >= 5, `${name}: ${facts.length} facts`);
    assert.ok(markdown.startsWith("- "), `${name} opens with its facts`);
    const head = markdown.slice(0, markdown.indexOf("\n\n"));
    assert.ok(head.includes(line), `${name}: ${line} in ${head.slice(0, 200)}`);
    for (const f of facts) assert.doesNotMatch(f.value, /\.(png|jpe?g|svg)$/i, `${name}: ${f.key}`);
  }
  // Pages without an infobox do not grow one from a navbox or a sister-project box.
  for (const name of ["anarchism.txt", "Sara-C.-Bisel.txt", "Bazooka.txt"]) {
    assert.deepEqual(wikitextToMarkdown(all.get(name)!).facts, [], name);
  }
});

Deno.test("wikitextToMarkdown keeps the real samples' tables as Markdown tables", async () => {
  const all = new Map(await samples());
  const tables = (name: string) =>
    (wikitextToMarkdown(all.get(name)!).markdown.match(/^\| --- /gm) ?? []).length;
  assert.equal(tables("washington-nationals.txt"), 8, "nested game logs become tables");
  assert.equal(tables("Keilwelle.txt"), 2);
  assert.equal(tables("Mark-Behr.txt"), 1);
  assert.equal(tables("Liste-der-argentinischen-Botschafter-in-Chile.txt"), 1);
  const behr = wikitextToMarkdown(all.get("Mark-Behr.txt")!).markdown;
  assert.match(
    behr,
    /^\| Jaar \| Publikasie \|\n\| --- \| --- \|\n\| 1993 \| Die reuk van appels/m,
  );
});

Deno.test("wikitextToMarkdown returns categories and redirects of the real samples", async () => {
  const all = new Map(await samples());
  assert.deepEqual(wikitextToMarkdown(all.get("redirect.txt")!), {
    markdown: "",
    categories: [],
    facts: [],
    redirect: "Toronto",
  });
  assert.equal(wikitextToMarkdown(all.get("Mozilla-Firefox.txt")!).categories.length, 10);
  const anarchism = wikitextToMarkdown(all.get("anarchism.txt")!);
  assert.equal(anarchism.categories.length, 7);
  assert.doesNotMatch(anarchism.markdown, /Encyclopedia Britannica\] online/);
});

Deno.test("wikitextToMarkdown resolves nested templates, links and headings", () => {
  const page = wikitextToMarkdown(
    [
      "{{Infobox character",
      "| name = [[Ser Aldric|Aldric]] of {{lang|xx|Vael}}",
      "| image = Aldric.png",
      "| born = {{birth date|1201|3|4}}",
      "| house = [[House Vael]]<ref>{{cite book|title=Annals}}</ref>",
      "}}",
      "{{Multiple issues|refimprove=yes|orphan=yes|stub=yes}}",
      "'''Ser Aldric''' is a [[knight]] of ''Emberfall''.<ref name=a/> He rides [[File:Horse.jpg|thumb|a [[horse]]]] far.",
      "== Deeds ==",
      "* Slew the [[Glass Wyrm#Death|wyrm]]",
      "# First",
      "== References ==",
      "{{reflist}}",
      "* {{cite web|url=http://x|title=Y}}",
      "[[Category:Knights|Aldric]] [[de:Aldric]] __NOTOC__",
    ].join("\n"),
  );
  assert.deepEqual(page.facts, [
    { key: "name", value: "Aldric of Vael" },
    { key: "born", value: "1201-03-04" },
    { key: "house", value: "House Vael" },
  ]);
  assert.equal(
    page.markdown,
    "- name: Aldric of Vael\n- born: 1201-03-04\n- house: House Vael\n\n" +
      "Ser Aldric is a knight of Emberfall. He rides  far.\n\n## Deeds\n\n- Slew the wyrm\n1. First",
  );
  assert.deepEqual(page.categories, ["Knights"]);
});

Deno.test("stray table markup lines left by broken wikitext are dropped, the prose kept", () => {
  const page = wikitextToMarkdown(
    "Intro line.\n|}\nMiddle line.\n  |- stray row\n|+ caption\nLast line.",
  );
  assert.equal(page.markdown, "Intro line.\nMiddle line.\nLast line.");
  const clean = wikitextToMarkdown("Intro line.\n\nA | pipe in prose | stays.");
  assert.equal(clean.markdown, "Intro line.\n\nA | pipe in prose | stays.");
});
