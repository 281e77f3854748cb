/**
 * App options, as Fresh keeps them in `fresh.config.ts`: where islands, static files
 * and build output live. Paths are relative to the project root.
 */
export default {
  /** Project root (absolute), derived from this file's location. */
  root: new URL(".", import.meta.url).pathname.replace(/\/$/, ""),
  islandsDir: "islands",
  routesDir: "routes",
  staticDir: "static",
  /** Built island bundles, served under `/_islands/`. */
  buildOutDir: "static/_islands",
  /** Default port when `PORT` is unset. */
  port: 8000,
};
