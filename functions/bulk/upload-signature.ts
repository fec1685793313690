// What the directory adapter (uploads.ts) and the local gateway, which plays S3's part for it, must agree on:
// the upload id, the signed URL a file is PUT to, the size limit, and a stored file's entity tag. Pure.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** S3's limit for a single PUT; the local gateway refuses a larger body (413) as S3 would. */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

/** A ULID: 26 characters of Crockford base32 (no I, L, O, U), as `ulid()` mints them. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const isUploadId = (id: string): boolean => ULID.test(id);

/** The id names a file (a path on disk, an S3 key): anything but a ULID is refused before it becomes one. */
export function assertUploadId(id: string): void {
  if (!isUploadId(id)) {
    throw new Error(
      `Not an upload id: ${JSON.stringify(id)} (expected a ULID, 26 characters of Crockford base32).`,
    );
  }
}

/** The path an upload is PUT to, on the local runtime's own address. */
export const uploadPath = (id: string) => `/uploads/${id}`;

const message = (id: string, expires: string) => `PUT\n${uploadPath(id)}\n${expires}`;

const mac = (key: Uint8Array, id: string, expires: string) =>
  createHmac('sha256', key).update(message(id, expires)).digest();

/** The signature of a PUT of upload `id` until `expires` (unix seconds): base64url HMAC-SHA256. */
export function signUpload(key: Uint8Array, id: string, expires: number): string {
  return mac(key, id, String(expires)).toString('base64url');
}

/** The path and query of a signed upload URL (the base URL goes in front). */
export function signedUploadPath(key: Uint8Array, id: string, expires: number): string {
  const query = new URLSearchParams({ expires: String(expires), signature: signUpload(key, id, expires) });
  return `${uploadPath(id)}?${query}`;
}

export type UploadVerdict = 'valid' | 'expired' | 'invalid';

/**
 * Whether a PUT of `id` carrying `expires` and `signature` (as they came in the query) was signed with `key`
 * and is still within its time at `now`. The signature is checked first, so only a genuine URL is ever told
 * it has expired; the comparison takes the same time wherever the signatures differ.
 */
export function verifyUpload(
  key: Uint8Array,
  id: string,
  expires: string | null | undefined,
  signature: string | null | undefined,
  now: Date,
): UploadVerdict {
  // Digits only: the signed text is the string as sent, and `Number` would read "1e9" or " 12" too.
  if (!isUploadId(id) || expires == null || !/^\d{1,12}$/.test(expires) || signature == null)
    return 'invalid';
  // Compared as text, not decoded: base64url leaves spare bits in the last character, and a changed spare bit
  // would decode to the same bytes.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, id, expires).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return Number(expires) * 1000 <= now.getTime() ? 'expired' : 'valid';
}

/** A signing key from its hex form (UPLOADS_SECRET): at least 32 bytes, or a clear error. */
export function uploadKey(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(hex)) {
    throw new Error('UPLOADS_SECRET must be a key of at least 32 bytes, written in hex.');
  }
  return Buffer.from(hex, 'hex');
}

/** What a stored file's entity tag is made from: its size, when it was last written and which file it is. */
export interface FileVersion {
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ino: bigint;
}

/**
 * A stored file's entity tag, quoted as S3 quotes its own. Taken from the file's metadata, not its content:
 * one stat gives it, so the tag and the bytes a reader then streams (through the same open file) cannot
 * come from different uploads, and no second file has to be kept in step beside it. Every upload is written
 * to a new file and renamed into place, so a new upload is a new inode with a new write time (in
 * nanoseconds): the same bytes uploaded twice get two tags, which only makes a reader start over.
 */
export function fileEtag(version: FileVersion): string {
  const digest = createHash('sha256')
    .update(`${version.size}:${version.mtimeNs}:${version.ino}`)
    .digest('hex')
    .slice(0, 32);
  return `"${digest}"`;
}
