/**
 * A loopback MediaWiki, speaking the Action API as `api.php` does with `format=json` and
 * `formatversion=2`: `meta=siteinfo`, `list=allpages` and `generator=allpages` (with
 * `*filterredir`, `*namespace`, `*limit` and continuation), `redirects` resolution,
 * `prop=info` and `prop=revisions` (slots), `action=parse`, error objects, and `maxlag`
 * answered as the real API does (HTTP 200, `error.code = "maxlag"`, `Retry-After`). Also
 * serves article pages carrying the generator meta and the RSD `EditURI` link, as every
 * MediaWiki page does.
 *
 * @module
 */

/** A page of the fake wiki. */
export interface FakeWikiPage {
  title: string;
  ns?: number;
  /** Rendered HTML of the latest revision (what `action=parse` returns). */
  html?: string;
  /** Wikitext of the latest revision. */
  wikitext?: string;
  /** Makes the page a redirect to this title. */
  redirectTo?: string;
}

/** One API request as the fake saw it. */
export interface WikiRequest {
  path: string;
  params: Record<string, string>;
  userAgent: string;
}

/** A running fake wiki. */
export interface FakeWiki {
  origin: string;
  apiUrl: string;
  requests: WikiRequest[];
  /** Adds a page or saves a new revision of it. */
  edit(page: FakeWikiPage): void;
  /** Answers the next `times` API requests with a maxlag error. */
  lag(times: number): void;
  /** API requests with these parameters (e.g. `{ action: "parse" }`). */
  calls(match: Record<string, string>): WikiRequest[];
  close(): Promise<void>;
}

interface Stored extends Required<Omit<FakeWikiPage, "redirectTo">> {
  pageid: number;
  revid: number;
  redirectTo?: string;
}

const GENERATOR = "MediaWiki 1.42.3";
const dbKey = (title: string) => title.replaceAll(" ", "_");
const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
const apiError = (code: string, info: string) =>
  json({ error: { code, info, docref: "See /w/api.php for API usage." } }, {
    "mediawiki-api-error": code,
  });

/** Starts the wiki; `maxLimit` is what `*limit=max` means (small, to exercise continuation). */
export function startFakeWiki(
  pages: FakeWikiPage[],
  options: { maxLimit?: number; sitename?: string; rsd?: boolean } = {},
): Promise<FakeWiki> {
  const maxLimit = options.maxLimit ?? 2;
  const byTitle = new Map<string, Stored>();
  let nextPageId = 1;
  let nextRevId = 1000;
  let lagging = 0;
  const requests: WikiRequest[] = [];
  const edit = (page: FakeWikiPage) => {
    const old = byTitle.get(page.title);
    byTitle.set(page.title, {
      title: page.title,
      ns: page.ns ?? 0,
      html: page.html ?? "",
      wikitext: page.wikitext ?? "",
      pageid: old?.pageid ?? nextPageId++,
      revid: nextRevId++,
      ...(page.redirectTo ? { redirectTo: page.redirectTo } : {}),
    });
  };
  for (const page of pages) edit(page);
  const { promise, resolve } = Promise.withResolvers<number>();
  let origin = "";
  const listed = (p: Record<string, string>, prefix: string) => {
    const ns = Number(p[`${prefix}namespace`] ?? "0");
    const filter = p[`${prefix}filterredir`] ?? "all";
    const limit = !p[`${prefix}limit`] || p[`${prefix}limit`] === "max"
      ? maxLimit
      : Math.min(Number(p[`${prefix}limit`]), maxLimit);
    const from = p[`${prefix}continue`] ?? p[`${prefix}from`] ?? "";
    const all = [...byTitle.values()]
      .filter((s) => s.ns === ns)
      .filter((s) => filter === "all" || (filter === "redirects") === (s.redirectTo !== undefined))
      .sort((a, b) => dbKey(a.title) < dbKey(b.title) ? -1 : 1)
      .filter((s) => dbKey(s.title) >= from);
    const page = all.slice(0, limit);
    const more = all[limit];
    return { page, next: more ? dbKey(more.title) : null, usedMax: p[`${prefix}limit`] === "max" };
  };
  const info = (s: Stored) => ({
    pageid: s.pageid,
    ns: s.ns,
    title: s.title,
    contentmodel: "wikitext",
    pagelanguage: "en",
    pagelanguagehtmlcode: "en",
    pagelanguagedir: "ltr",
    touched: "2026-11-20T10:00:00Z",
    lastrevid: s.revid,
    length: s.wikitext.length,
    ...(s.redirectTo ? { redirect: true } : {}),
  });
  const query = (p: Record<string, string>): Response => {
    if (p.meta === "siteinfo") {
      return json({
        batchcomplete: true,
        query: {
          general: {
            mainpage: "Main Page",
            base: `${origin}/wiki/Main_Page`,
            sitename: options.sitename ?? "Saltmarch Wiki",
            generator: GENERATOR,
            server: origin.replace(/^https?:/, ""), // protocol-relative, as many wikis set it
            servername: "127.0.0.1",
            articlepath: "/wiki/$1",
            scriptpath: "/w",
            script: "/w/index.php",
            lang: "en",
          },
        },
      });
    }
    if (p.list === "allpages") {
      const { page, next } = listed(p, "ap");
      return json({
        batchcomplete: true,
        ...(next ? { continue: { apcontinue: next, continue: "-||" } } : {}),
        query: { allpages: page.map((s) => ({ pageid: s.pageid, ns: s.ns, title: s.title })) },
      });
    }
    if (p.generator === "allpages") {
      const { page, next, usedMax } = listed(p, "gap");
      const cont = next ? { continue: { gapcontinue: next, continue: "gapcontinue||" } } : {};
      const limits = usedMax ? { limits: { allpages: maxLimit } } : {};
      if (p.redirects) {
        const redirects = page.filter((s) => s.redirectTo).map((s) => ({
          from: s.title,
          to: s.redirectTo!,
        }));
        const targets = [...new Set(redirects.map((r) => r.to))].map((t) =>
          byTitle.get(t) ? info(byTitle.get(t)!) : { ns: 0, title: t, missing: true }
        );
        return json({
          batchcomplete: true,
          ...cont,
          ...limits,
          query: { redirects, pages: targets },
        });
      }
      return json({ batchcomplete: true, ...cont, ...limits, query: { pages: page.map(info) } });
    }
    if (p.prop === "revisions" && p.pageids) {
      const ids = p.pageids.split("|").map(Number);
      if (ids.length > 50) {
        return apiError(
          "toomanyvalues",
          'Too many values supplied for parameter "pageids". The limit is 50.',
        );
      }
      const found = [...byTitle.values()].filter((s) => ids.includes(s.pageid));
      return json({
        batchcomplete: true,
        query: {
          pages: found.map((s) => ({
            pageid: s.pageid,
            ns: s.ns,
            title: s.title,
            revisions: [{
              revid: s.revid,
              parentid: s.revid - 1,
              slots: {
                main: {
                  contentmodel: "wikitext",
                  contentformat: "text/x-wiki",
                  content: s.wikitext,
                },
              },
            }],
          })),
        },
      });
    }
    return apiError("badvalue", "Unrecognized parameters.");
  };
  const parse = (p: Record<string, string>): Response => {
    const s = [...byTitle.values()].find((x) =>
      p.pageid ? x.pageid === Number(p.pageid) : x.title === p.page?.replaceAll("_", " ")
    );
    if (!s) return apiError("missingtitle", "The page you specified doesn't exist.");
    const text = `<div class="mw-content-ltr mw-parser-output" lang="en" dir="ltr">${s.html}</div>`;
    return json({ parse: { title: s.title, pageid: s.pageid, revid: s.revid, text } });
  };
  const articlePage = (title: string): Response => {
    const s = byTitle.get(title);
    if (!s) return new Response("There is currently no text in this page.", { status: 404 });
    const rsdHref = `${origin.replace(/^https?:/, "")}/w/api.php?action=rsd`;
    const rsd = options.rsd === false
      ? ""
      : `<link rel="EditURI" type="application/rsd+xml" href="${rsdHref}">`;
    return new Response(
      `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>${s.title} - Saltmarch Wiki</title>
<meta name="generator" content="${GENERATOR}">${rsd}
</head><body><div id="content"><h1 id="firstHeading">${s.title}</h1><div id="bodyContent">${s.html}</div></div></body></html>`,
      { headers: { "content-type": "text/html; charset=UTF-8" } },
    );
  };
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => resolve(port),
  }, (req) => {
    const url = new URL(req.url);
    const params = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, params, userAgent: req.headers.get("user-agent") ?? "" });
    if (url.pathname === "/w/api.php") {
      if (params.format !== "json") return new Response("format=json expected", { status: 400 });
      if (lagging > 0 && params.maxlag) {
        lagging--;
        return json({
          error: {
            code: "maxlag",
            info: "Waiting for 10.64.0.1: 7 seconds lagged.",
            host: "10.64.0.1",
            lag: 7,
            type: "db",
          },
        }, { "retry-after": "5", "x-database-lag": "7", "mediawiki-api-error": "maxlag" });
      }
      if (params.action === "query") return query(params);
      if (params.action === "parse") return parse(params);
      return apiError("badvalue", `Unrecognized value for parameter "action": ${params.action}.`);
    }
    if (url.pathname === "/" || url.pathname === "/wiki/") return articlePage("Main Page");
    if (url.pathname.startsWith("/wiki/")) {
      return articlePage(decodeURIComponent(url.pathname.slice(6)).replaceAll("_", " "));
    }
    return new Response("not found", { status: 404 });
  });
  return promise.then((port) => {
    origin = `http://127.0.0.1:${port}`;
    return {
      origin,
      apiUrl: `${origin}/w/api.php`,
      requests,
      edit,
      lag: (times) => void (lagging = times),
      calls: (match) =>
        requests.filter((r) => Object.entries(match).every(([k, v]) => r.params[k] === v)),
      close: () => server.shutdown(),
    };
  });
}
