import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { AliasStore, SPILL_PREFIX } from "./alias_store.ts";
import { isSourceFailure, type SourceDocument } from "../ingest/source_document.ts";
import { documentsFromDump } from "./mediawiki_dump.ts";

/** A small deterministic generator (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

Deno.test("an alias store keeps each target's aliases in order, without repeats", async () => {
  const aliases = new AliasStore();
  await aliases.add("Ember Gate", "The Gate");
  await aliases.add("Ser Aldric", "The Ashen Knight");
  await aliases.add("Ser Aldric", "Aldric");
  await aliases.add("Ser Aldric", "The Ashen Knight");
  assert.deepEqual(aliases.get("Ser Aldric"), ["The Ashen Knight", "Aldric"]);
  assert.deepEqual(aliases.get("Nobody"), []);
  assert.equal(aliases.spilled, false);
  // A copy: the caller may keep or change it.
  aliases.get("Ser Aldric").push("x");
  assert.deepEqual(aliases.get("Ser Aldric"), ["The Ashen Knight", "Aldric"]);
});

Deno.test("past its bound an alias store moves to disk and answers as it did in memory", async () => {
  const directory = Deno.makeTempDirSync();
  try {
    const random = lcg(7);
    const reference = new AliasStore();
    const spilling = new AliasStore({ inMemory: 40, directory });
    // Targets met before and after the spill, repeats, titles with quotes and non-ASCII.
    for (let i = 0; i < 600; i++) {
      const target = `Target ${Math.floor(random() * 60)} «ü»`;
      const alias = `Alias '${Math.floor(random() * 300)}'`;
      await reference.add(target, alias);
      await spilling.add(target, alias);
      if (i === 20) assert.equal(spilling.spilled, false);
    }
    assert.equal(spilling.spilled, true);
    const spills = readdirSync(directory);
    assert.equal(spills.length, 1);
    assert.ok(spills[0].startsWith(SPILL_PREFIX));
    for (let t = 0; t < 60; t++) {
      const target = `Target ${t} «ü»`;
      assert.deepEqual(spilling.get(target), reference.get(target), target);
    }
    // Adds after a look-up land too (a one-pass dump adds as it reads).
    await spilling.add("Target 1 «ü»", "A late alias");
    assert.equal(spilling.get("Target 1 «ü»").at(-1), "A late alias");
    spilling.close();
    spilling.close();
    assert.deepEqual(readdirSync(directory), [], "the temporary database is removed");
    await assert.rejects(() => spilling.add("Target 1", "After close"), /closed/);
  } finally {
    Deno.removeSync(directory, { recursive: true });
  }
});

/** A dump whose redirects sit before and after their targets, some repeated. */
function redirectDump(): string {
  const page = (title: string, body: string) =>
    `<page><title>${title}</title><ns>0</ns><revision><id>1</id>` +
    `<text xml:space="preserve">${body}</text></revision></page>\n`;
  const redirect = (title: string, target: string) =>
    page(title, `#REDIRECT [[${target}]]`).replace(
      "<revision>",
      `<redirect title="${target}" /><revision>`,
    );
  let xml = "<mediawiki><siteinfo><base>https://w.example/wiki/Main</base></siteinfo>\n";
  for (let i = 0; i < 12; i++) xml += redirect(`Early name ${i}`, `Keep ${i % 3}`);
  for (let k = 0; k < 3; k++) xml += page(`Keep ${k}`, `Keep ${k} is a fortress.`);
  for (let i = 0; i < 12; i++) xml += redirect(`Late name ${i}`, `Keep ${i % 4}`);
  xml += redirect("Early name 0", "Keep 0"); // a repeat
  return xml + page("Keep 3", "Keep 3 is a tower.") + "</mediawiki>\n";
}

async function dumpDocuments(aliasesInMemory?: number, stopAfter = Infinity) {
  const xml = redirectDump();
  const docs: SourceDocument[] = [];
  const entries = documentsFromDump(() => new Blob([xml]).stream(), {
    source: "keeps.xml",
    reopen: true,
    ...(aliasesInMemory ? { aliasesInMemory } : {}),
  });
  for await (const entry of entries) {
    assert.ok(!isSourceFailure(entry));
    docs.push(entry);
    if (docs.length >= stopAfter) break;
  }
  return docs;
}

function spillsLeft(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(SPILL_PREFIX));
}

Deno.test("a dump's aliases read from disk equal those held in memory, and leave no files", async () => {
  const before = new Set(spillsLeft());
  const inMemory = await dumpDocuments();
  const spilled = await dumpDocuments(4);
  assert.equal(inMemory.length, 4);
  assert.deepEqual(spilled, inMemory);
  assert.deepEqual(inMemory[0].aliases, [
    "Early name 0",
    "Early name 3",
    "Early name 6",
    "Early name 9",
    "Late name 0",
    "Late name 4",
    "Late name 8",
  ]);
  assert.match(
    inMemory[3].markdown,
    /^Keep 3 is also known as Late name 3; Late name 7; Late name 11\./,
  );
  // A consumer that stops early still has the temporary database removed.
  assert.equal((await dumpDocuments(4, 1)).length, 1);
  assert.deepEqual(spillsLeft().filter((n) => !before.has(n)), []);
});
