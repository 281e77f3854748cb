/**
 * An S3 prefix as a source of documents, for `deno task ingest s3://bucket/prefix`.
 *
 * @module
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { getObject, listObjectKeys, type S3Location, type S3ObjectData } from "./s3.ts";
import {
  documentIdFromPath,
  documentsFromFile,
  extensionOf,
  SOURCE_EXTENSIONS,
} from "./sources.ts";
import type { SourceEntry } from "./source_document.ts";

/**
 * Documents under an S3 prefix, like `readSourceTree` for a folder: keys in order,
 * ids relative to the prefix without extension, unsupported keys left out.
 */
export async function* readS3Tree(
  client: S3Client,
  location: S3Location,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<SourceEntry> {
  for await (const key of listObjectKeys(client, location, options.signal)) {
    if (key.endsWith("/") || !SOURCE_EXTENSIONS[extensionOf(key)]) continue;
    const id = documentIdFromPath(key.slice(location.prefix.length));
    let object: S3ObjectData;
    try {
      object = await getObject(client, location.bucket, key, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      yield { failed: true, id, source: key, reason: (error as Error).message };
      continue;
    }
    yield* documentsFromFile(id, object.bytes, {
      source: key,
      contentTypeHeader: object.contentType,
    });
  }
}
