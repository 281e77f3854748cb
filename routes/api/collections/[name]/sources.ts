import { z } from "zod";
import { define } from "../../../../lib/app/state.ts";
import { guardAdmin, readJson } from "../../../../lib/app/admin_guard.ts";
import { publicJob, receiveUpload, UploadError } from "../../../../lib/collections/mod.ts";
import { jsonError } from "../../../../lib/web/mod.ts";

const urlSource = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2_000),
}).strict();

/**
 * Admin: add sources to a collection — `multipart/form-data` files (streamed to disk,
 * sniffed, capped at `MAX_UPLOAD_BYTES`) or JSON `{ "url": … }` to crawl. Answers
 * `202 { job }`; the job runs in the background.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const gate = await guardAdmin(ctx);
    if ("refusal" in gate) {
      await ctx.req.body?.cancel().catch(() => {});
      return gate.refusal;
    }
    const { service, runner, uploadDir, maxUploadBytes } = gate.collections;
    const name = ctx.params.name;
    if (!service.registry.get(name)) {
      await ctx.req.body?.cancel().catch(() => {});
      return jsonError(404, "not_found", `no collection named "${name}"`);
    }
    const type = ctx.req.headers.get("content-type") ?? "";
    if (/^application\/json\b/i.test(type)) {
      const body = await readJson(ctx.req, urlSource);
      if ("refusal" in body) return body.refusal;
      const job = runner.submit(name, { url: body.value.url });
      return Response.json({ job: publicJob(job) }, { status: 202 });
    }
    try {
      const dir = `${uploadDir(name)}/${crypto.randomUUID()}`;
      const files = await receiveUpload(ctx.req, { dir, maxBytes: maxUploadBytes });
      const singles = files.every((f) =>
        !["jsonl", "bzip2", "7z", "gzip", "mediawiki"].includes(f.kind)
      );
      const job = runner.submit(name, { files }, singles ? files.length : undefined);
      return Response.json({ job: publicJob(job) }, { status: 202 });
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      await ctx.req.body?.cancel().catch(() => {});
      return jsonError(error.status, error.code, error.message);
    }
  },
});
