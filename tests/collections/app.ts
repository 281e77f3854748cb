/**
 * Shared set-up for the collections tests: the real app on loopback with the real
 * services (sqlite stores, extractive answerer unless the env says otherwise) over a
 * temporary `DATA_DIR`, which `close()` removes.
 */
import { createServices, type ServiceDeps } from "../../lib/app/services.ts";
import type { Collections } from "../../lib/collections/mod.ts";
import { parseConfig } from "../../lib/config/mod.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/** A running app with collections. */
export interface CollectionsApp {
  server: TestServer;
  collections: Collections;
  dataDir: string;
  url(path?: string): string;
  /** Stops the server and services; keeps `DATA_DIR` when `keepData` (for restarts). */
  close(keepData?: boolean): Promise<void>;
}

/** Lore for a new collection, as Markdown files: name → text. */
export const LANTERN_LORE: Record<string, string> = {
  "lantern-college.md": `---
title: The Lantern College
---
# The Lantern College

The Lantern College stands on the cliffs above Saltmere. Its archivists keep the
Ledger of Tides, a record of every ship that entered the harbour since the founding.

## Founding

Archivist Idrenne Vale founded the Lantern College in the year 431 after the Drowning.
She wrote the first page of the Ledger of Tides by the light of a whale-oil lantern.
`,
  "saltmere.md": `---
title: Saltmere
---
# Saltmere

Saltmere is a fishing town ruled by the Harbour Moot, a council of nine captains.
Its lighthouse burns blue on the night of the Drowning feast.
`,
};

/** Starts the app over a fresh (or the given) data dir. */
export async function startCollectionsApp(
  options: { env?: Record<string, string>; dataDir?: string; deps?: ServiceDeps } = {},
): Promise<CollectionsApp> {
  const dataDir = options.dataDir ?? await Deno.makeTempDir({ prefix: "lorechat-coll-" });
  const env = {
    ENV: "test",
    LOG_LEVEL: "error",
    HOSTNAME: "127.0.0.1",
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: "0",
    AUTO_INGEST_SAMPLE: "false",
    ...options.env,
  };
  const services = await createServices(parseConfig(env), options.deps);
  const server = await startTestServer({ env, state: services.state });
  return {
    server,
    collections: services.state.collections!,
    dataDir,
    url: (path = "/") => new URL(path, server.url).href,
    async close(keepData = false) {
      await server.close();
      await services.close();
      if (!keepData) await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** Writes `files` into a fresh folder under the app's data dir and indexes them as a job. */
export async function ingestFiles(
  app: CollectionsApp,
  collection: string,
  files: Record<string, string>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ dir: app.dataDir, prefix: "in-" });
  const list = [];
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
    list.push({ name, path: `${dir}/${name}`, kind: "markdown" });
  }
  app.collections.runner.submit(collection, { files: list }, list.length);
  await app.collections.runner.idle();
}
