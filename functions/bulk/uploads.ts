// Where the files a client uploads for an import go: straight to a private S3 bucket through a pre-signed
// PUT on AWS (UPLOADS_BUCKET), to a directory locally (UPLOADS_DIR, $DATA_DIR/uploads), written by the local
// gateway behind an HMAC-signed URL; chosen once at load. Readers stream byte ranges of one version of a
// file.
import type { BigIntStats, ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { optionalEnv, requireEnv } from '../platform/env.ts';
import {
  assertUploadId,
  fileEtag,
  MAX_UPLOAD_BYTES,
  signedUploadPath,
  uploadKey,
} from './upload-signature.ts';

export { MAX_UPLOAD_BYTES };

/** How long an upload URL works. */
export const UPLOAD_SECONDS = 15 * 60;

/** What the client sends the file as; on AWS the signature covers it, so another type is refused. */
const CONTENT_TYPE = 'text/csv';

export interface UploadTarget {
  readonly url: string;
  readonly method: 'PUT';
  /** Headers the PUT must carry as they are. */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface UploadInfo {
  readonly bytes: number;
  readonly etag: string;
}

/** The file was replaced (uploaded again) since the version a reader started on. */
export class UploadChanged extends Error {
  constructor(
    readonly id: string,
    readonly etag: string,
  ) {
    super(`Upload ${id} is no longer version ${etag}: it was uploaded again.`);
    this.name = 'UploadChanged';
  }
}

/** A byte range: from `start` to `end` (exclusive); `end` undefined is the end of the file. */
interface Range {
  readonly start: number;
  readonly end: number | undefined;
}

interface Uploads {
  target(id: string, now: Date): Promise<UploadTarget>;
  info(id: string): Promise<UploadInfo | undefined>;
  read(id: string, range: Range, etag: string | undefined): AsyncIterable<Uint8Array>;
}

const objectKey = (id: string) => `uploads/${id}.csv`;

const expiry = (now: Date) => Math.floor(now.getTime() / 1000) + UPLOAD_SECONDS;

const statusOf = (error: unknown) =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

function bucketUploads(bucket: string): Uploads {
  // Without WHEN_REQUIRED the SDK signs a CRC32 of the (empty, at signing time) body into a pre-signed PUT,
  // and S3 then refuses every real file sent to the URL.
  const s3 = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
  const info = async (id: string): Promise<UploadInfo | undefined> => {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(id) }));
      if (head.ETag === undefined || head.ContentLength === undefined) {
        throw new Error(`S3 answered HeadObject for ${objectKey(id)} without an ETag or a length`);
      }
      return { bytes: head.ContentLength, etag: head.ETag };
    } catch (error) {
      // A 404 needs s3:ListBucket (without it S3 answers 403 for a missing key): lib/uploads.ts grants it.
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  };
  return {
    async target(id, now) {
      const command = new PutObjectCommand({ Bucket: bucket, Key: objectKey(id), ContentType: CONTENT_TYPE });
      const url = await getSignedUrl(s3, command, {
        expiresIn: UPLOAD_SECONDS,
        signingDate: now,
        // Signed as a header, so the client must send exactly this type (the presigner leaves it out
        // otherwise).
        signableHeaders: new Set(['content-type']),
      });
      // The URL carries the function's own (temporary) credentials: it works until UPLOAD_SECONDS have passed
      // or those credentials expire, whichever comes first.
      return {
        url,
        method: 'PUT',
        headers: { 'Content-Type': CONTENT_TYPE },
        expiresAt: new Date(expiry(now) * 1000).toISOString(),
      };
    },
    info,
    async *read(id, { start, end }, etag) {
      if (end !== undefined && end <= start) {
        if (etag !== undefined) await sameVersion(id, etag, await info(id));
        return;
      }
      let body: unknown;
      try {
        const object = await s3.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: objectKey(id),
            Range: `bytes=${start}-${end === undefined ? '' : end - 1}`,
            ...(etag === undefined ? {} : { IfMatch: etag }),
          }),
        );
        body = object.Body;
      } catch (error) {
        if (statusOf(error) === 412 && etag !== undefined) throw new UploadChanged(id, etag);
        // A range starting at or past the end (416): nothing to read, as from a file — once the version is
        // right.
        if (statusOf(error) === 416) {
          if (etag !== undefined) await sameVersion(id, etag, await info(id));
          return;
        }
        throw error;
      }
      if (!(body instanceof Readable))
        throw new Error(`S3 answered GetObject for ${objectKey(id)} without a stream`);
      // S3 serves the whole range from the version it matched, even when the key is written again meanwhile.
      for await (const chunk of body) yield chunk as Buffer;
    },
  };
}

async function sameVersion(id: string, etag: string, current: UploadInfo | undefined): Promise<void> {
  if (current === undefined) throw new Error(`Upload ${id} has no file.`);
  if (current.etag !== etag) throw new UploadChanged(id, etag);
}

const etagOf = (stats: BigIntStats) => fileEtag({ size: stats.size, mtimeNs: stats.mtimeNs, ino: stats.ino });

function directoryUploads(dir: string): Uploads {
  const pathOf = (id: string) => join(dir, `${id}.csv`);
  return {
    async target(id, now) {
      // Read per call, as PUBLIC_API_URL is: the runtime knows its own address only once it listens.
      const base = requireEnv('UPLOADS_URL').replace(/\/+$/, '');
      const key = uploadKey(requireEnv('UPLOADS_SECRET'));
      const expires = expiry(now);
      return {
        url: `${base}${signedUploadPath(key, id, expires)}`,
        method: 'PUT',
        headers: { 'Content-Type': CONTENT_TYPE },
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },
    async info(id) {
      try {
        const stats = await stat(pathOf(id), { bigint: true });
        return { bytes: Number(stats.size), etag: etagOf(stats) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async *read(id, { start, end }, etag) {
      // The version is checked on the open file and the bytes read from it: a new upload renamed into place
      // meanwhile is another file, and this read goes on with the one it checked.
      const handle = await open(pathOf(id), 'r');
      let stream: ReadStream | undefined;
      try {
        if (etag !== undefined && etagOf(await handle.stat({ bigint: true })) !== etag) {
          throw new UploadChanged(id, etag);
        }
        if (end === undefined || end > start) {
          stream = handle.createReadStream({ start, ...(end === undefined ? {} : { end: end - 1 }) });
        }
      } finally {
        if (stream === undefined) await handle.close();
      }
      if (stream === undefined) return;
      // Ending the loop early destroys the stream, which closes the file.
      for await (const chunk of stream) yield chunk as Buffer;
    },
  };
}

function fromEnvironment(): Uploads | undefined {
  const bucket = optionalEnv('UPLOADS_BUCKET');
  if (bucket !== undefined) return bucketUploads(bucket);
  const dir = optionalEnv('UPLOADS_DIR');
  return dir === undefined ? undefined : directoryUploads(dir);
}

const uploads = fromEnvironment();

// Unconfigured fails on use, not at load, so what imports this module for something else still loads.
function configured(): Uploads {
  if (uploads === undefined)
    throw new Error('Missing required environment variable UPLOADS_BUCKET or UPLOADS_DIR');
  return uploads;
}

/** Where to PUT upload `id`'s file (id is a ULID the caller minted). */
export async function uploadTarget(id: string, now: Date): Promise<UploadTarget> {
  assertUploadId(id);
  return configured().target(id, now);
}

/** The uploaded file's size and entity tag, or undefined when nothing has been uploaded (yet). */
export async function uploadInfo(id: string): Promise<UploadInfo | undefined> {
  assertUploadId(id);
  return configured().info(id);
}

/**
 * The file's bytes from `start` (default 0) to `end` (exclusive; default the end), streamed (never read whole
 * into memory); fails with UploadChanged if `etag` is given and the file is no longer that version.
 */
export async function* readUpload(
  id: string,
  options: { start?: number; end?: number; etag?: string } = {},
): AsyncIterable<Uint8Array> {
  assertUploadId(id);
  const { start = 0, end, etag } = options;
  if (!Number.isSafeInteger(start) || start < 0)
    throw new RangeError(`start must be a whole number ≥ 0, not ${start}`);
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) {
    throw new RangeError(`end must be a whole number ≥ start (${start}), not ${end}`);
  }
  yield* configured().read(id, { start, end }, etag);
}
