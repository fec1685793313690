// The local stand-in for the uploads bucket: `PUT /uploads/{id}?expires=&signature=` with a URL the handlers
// signed (functions/bulk/uploads.ts) streams the body to $DATA_DIR/uploads/<id>.csv, whole or not at all,
// and answers as S3 answers a pre-signed PUT: 200 with the ETag, 403 for a bad or expired URL, 413 over 5 GB.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileEtag, isUploadId, MAX_UPLOAD_BYTES, verifyUpload } from '../functions/bulk/upload-signature.ts';

export interface LocalUploads {
  /** Where the files go (UPLOADS_DIR). */
  readonly dir: string;
  /** The key the upload URLs are signed with (UPLOADS_SECRET). */
  readonly secret: Uint8Array;
  /** Largest body accepted (default MAX_UPLOAD_BYTES, S3's limit for one PUT). */
  readonly maxBytes?: number;
}

/** The route template the gateway logs an upload under: the URL itself carries its signature. */
export const UPLOAD_ROUTE = '/uploads/{id}';

/** Whether a request path is an upload's (`/uploads/<segment>`; `/uploads` itself is the API's route). */
export const isUploadPath = (pathname: string) => /^\/uploads\/[^/]+$/.test(pathname);

// As the bucket's CORS rule (lib/uploads.ts): a browser app may PUT from any page and read the ETag.
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' } as const;

/** A refusal in the API's error shape, readable by a browser page too. */
function refuse(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...CORS, ...headers });
  response.end(JSON.stringify({ error: { code, message, details: [] } }));
}

/** Answer a request to an upload's path (isUploadPath). */
export async function serveUpload(
  uploads: LocalUploads,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const maxBytes = uploads.maxBytes ?? MAX_UPLOAD_BYTES;
  if (request.method === 'OPTIONS') {
    response.writeHead(204, {
      ...CORS,
      'Access-Control-Allow-Methods': 'PUT',
      'Access-Control-Allow-Headers': 'content-type',
      'Access-Control-Max-Age': '3600',
    });
    response.end();
    return;
  }
  if (request.method !== 'PUT') {
    request.resume();
    refuse(response, 405, 'MethodNotAllowed', `Only PUT is served at ${UPLOAD_ROUTE}.`, { Allow: 'PUT' });
    return;
  }
  const id = url.pathname.slice('/uploads/'.length);
  if (!isUploadId(id)) {
    request.resume();
    refuse(response, 400, 'ClientError', 'The upload id must be a ULID.');
    return;
  }
  const verdict = verifyUpload(
    uploads.secret,
    id,
    url.searchParams.get('expires'),
    url.searchParams.get('signature'),
    new Date(),
  );
  if (verdict !== 'valid') {
    request.resume();
    refuse(
      response,
      403,
      'Forbidden',
      verdict === 'expired'
        ? 'The upload URL has expired: ask for a new one (POST /uploads).'
        : 'The upload URL is not valid: its signature does not match.',
    );
    return;
  }
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    // Refused before a byte is read; the connection goes, rather than the rest of the body being read.
    refuse(response, 413, 'PayloadTooLarge', `An upload is at most ${maxBytes} bytes.`, {
      Connection: 'close',
    });
    return;
  }

  await mkdir(uploads.dir, { recursive: true });
  const file = join(uploads.dir, `${id}.csv`);
  // A name of its own per PUT: a retry racing an upload still running never writes into the same file.
  const partial = `${file}.${randomUUID()}.partial`;
  let outcome: Awaited<ReturnType<typeof receive>>;
  let etag: string | undefined;
  try {
    outcome = await receive(request, partial, maxBytes);
    if (outcome === 'complete') {
      // The tag of the file as written: a rename keeps its inode and write time, so it is the tag uploadInfo
      // reports for it — and another PUT renamed into place meanwhile cannot lend it its own.
      etag = fileEtag(await stat(partial, { bigint: true }));
      // Whole or not at all: a reader never sees half a file.
      await rename(partial, file);
    }
  } finally {
    // Before any answer: gone already after the rename; otherwise what was received is dropped.
    await rm(partial, { force: true });
  }
  if (outcome === 'too-large') {
    // Kept open: Node reads the rest of the body away after the answer, so the client, still sending, gets
    // the 413 rather than a reset connection.
    refuse(response, 413, 'PayloadTooLarge', `An upload is at most ${maxBytes} bytes.`);
  } else if (outcome === 'complete' && etag !== undefined) {
    response.writeHead(200, { ...CORS, ETag: etag, 'Content-Length': '0' });
    response.end();
  } else {
    // Cut off: nobody is left to read this; it makes the log say what happened.
    refuse(response, 400, 'ClientError', 'The upload ended before its body did.');
  }
}

/**
 * Copy the request body into a new file at `path`: 'complete', 'too-large' (stopped past `limit` bytes,
 * the rest left unread) or 'cut-off' (the client went away before the end).
 */
async function receive(
  request: IncomingMessage,
  path: string,
  limit: number,
): Promise<'complete' | 'too-large' | 'cut-off'> {
  let size = 0;
  let tooLarge = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size <= limit) return callback(null, chunk);
      tooLarge = true;
      callback(new Error(`The body is over ${limit} bytes.`));
    },
  });
  // pipe, not pipeline: pipeline would destroy the request on a refusal, and its socket with it, so the 413
  // could not be sent. pipe passes on no error of the request, so the client going away is passed on here.
  const cutOff = () => {
    if (!request.complete) counter.destroy(new Error('The client went away before the end of the body.'));
  };
  const failed = (error: Error) => counter.destroy(error);
  request.once('close', cutOff);
  request.once('error', failed);
  request.pipe(counter);
  try {
    await pipeline(counter, createWriteStream(path, { flags: 'wx' }));
    return 'complete';
  } catch (error) {
    if (tooLarge) return 'too-large';
    if (!request.complete) return 'cut-off';
    throw error;
  } finally {
    request.unpipe(counter);
    request.off('close', cutOff);
    request.off('error', failed);
  }
}
