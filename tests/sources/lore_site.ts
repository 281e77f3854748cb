/**
 * A small original lore site for crawler tests, served by the loopback fake: robots.txt
 * with a disallowed folder and a sitemap index, two sitemaps (one gzipped), pages with
 * ETag or Last-Modified, a page that answers 429 once, a redirect loop, a redirect to a
 * page already linked, a link to another host and a picture.
 */
import { type FakeSite, startFakeSite } from "../fakes/site_server.ts";

/** Paths of the pages that become documents. */
export const LORE_PAGES = ["/", "/lore/dragons", "/lore/city", "/lore/orphan", "/lore/flaky"];

function page(title: string, body: string, links: string[] = []): string {
  const nav = links.map((href) => `<li><a href="${href}">${href}</a></li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Saltmarch Lore</title></head>
<body><header><nav><ul>${nav}</ul></nav></header>
<main><article><h1>${title}</h1>${body}</article></main>
<footer><p>Saltmarch Lore is a fan site.</p></footer></body></html>`;
}

const para = (text: string) => `<p>${text}</p>`.repeat(1);

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Starts the site; the caller closes it. */
export async function startLoreSite(): Promise<FakeSite> {
  const site = await startFakeSite();
  const o = site.origin;
  const other = `http://localhost:${site.port}`;
  site.set("/robots.txt", {
    contentType: "text/plain",
    body: `User-agent: *\nDisallow: /private/\n\nSitemap: ${o}/sitemap_index.xml\n`,
  });
  site.set("/sitemap_index.xml", {
    contentType: "application/xml",
    etag: '"idx-1"',
    body: `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>${o}/sitemap-lore.xml</loc></sitemap>
  <sitemap><loc>${o}/sitemap-more.xml.gz</loc></sitemap>
</sitemapindex>`,
  });
  site.set("/sitemap-lore.xml", {
    contentType: "application/xml",
    lastModified: "Tue, 01 Sep 2026 10:00:00 GMT",
    body: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>${o}/lore/dragons</loc></url>
  <url><loc>${o}/lore/orphan</loc></url>
  <url><loc>${o}/private/secret</loc></url>
</urlset>`,
  });
  site.set("/sitemap-more.xml.gz", {
    contentType: "application/gzip",
    etag: '"more-1"',
    body: await gzip(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>${o}/lore/flaky</loc></url></urlset>`),
  });
  site.set("/", {
    etag: '"home-1"',
    body: page(
      "Saltmarch",
      para(
        "Saltmarch is a drowned province of reed towns and tide roads, ruled from the city of Ombrel.",
      ),
      [
        "/lore/dragons",
        "/lore/city",
        "/lore/moved",
        "/private/secret",
        "/loop-a",
        `${other}/offsite`,
        "/map.png",
        "/lore/city#history",
      ],
    ),
  });
  site.set("/lore/dragons", {
    lastModified: "Tue, 01 Sep 2026 10:00:00 GMT",
    body: page(
      "Marsh dragons",
      para("Marsh dragons of Saltmarch nest in the peat bogs and eat eels by the barrel.") +
        para("The dragon warden Isolde Parr counts the nests every spring."),
      ["/", "/lore/city"],
    ),
  });
  site.set("/lore/city", {
    etag: '"city-1"',
    body: page(
      "Ombrel",
      para(
        "Ombrel is the capital of Saltmarch. The Tide Council under Reeve Halvard Mott rules the city.",
      ),
      ["/", "/lore/deep"],
    ),
  });
  site.set("/lore/deep", {
    etag: '"deep-1"',
    body: page(
      "The sunken vaults",
      para("Beneath Ombrel lie the sunken vaults of the old reeves."),
    ),
  });
  site.set("/lore/orphan", {
    etag: '"orphan-1"',
    body: page("The Lantern Ferry", para("The Lantern Ferry crosses the Mire of Sighs at dusk.")),
  });
  site.set("/lore/flaky", {
    etag: '"flaky-1"',
    body: page(
      "Eel wine",
      para("Eel wine is brewed in Saltmarch from smoked eels and sour honey."),
    ),
  });
  site.set("/private/secret", { body: page("Secret", para("Never to be crawled.")) });
  site.set("/lore/moved", { redirect: "/lore/city" });
  site.set("/loop-a", { redirect: "/loop-b" });
  site.set("/loop-b", { redirect: "/loop-a" });
  site.set("/offsite", { body: page("Elsewhere", para("Another host.")) });
  site.set("/map.png", { contentType: "image/png", body: new Uint8Array([137, 80, 78, 71]) });
  return site;
}
