/**
 * A tiny lore corpus written to a temp folder, so reliability tests can build the real
 * services (sqlite store, ingestion) without the bundled sample corpus's start-up cost.
 *
 * @module
 */

/** Pages keyed by file name; each answers one obvious question. */
export const TINY_CORPUS: Record<string, string> = {
  "varrow.md": "---\ntitle: Varrow\nurl: https://lore.example/wiki/varrow\n---\n# Varrow\n\n" +
    "Varrow is the harbour capital of the Tidewater League. Queen Maelis rules Varrow " +
    "from the Salt Throne.\n",
  "glass-guild.md":
    "---\ntitle: Glass Guild\nurl: https://lore.example/wiki/glass-guild\n---\n# Glass Guild\n\n" +
    "The Glass Guild was founded by Orlen Vey in the year 212 of the Tide Reckoning.\n",
};

/** Writes {@linkcode TINY_CORPUS} into a new temp dir and returns its path and a data dir. */
export async function tinyCorpusDirs(): Promise<{ corpus: string; data: string; root: string }> {
  const root = await Deno.makeTempDir({ prefix: "lorechat-reliability-" });
  const corpus = `${root}/corpus`;
  await Deno.mkdir(corpus);
  for (const [name, text] of Object.entries(TINY_CORPUS)) {
    await Deno.writeTextFile(`${corpus}/${name}`, text);
  }
  return { corpus, data: `${root}/data`, root };
}
