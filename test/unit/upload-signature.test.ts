// The local upload URL's signature: only the key's holder makes one, it covers the id and the expiry, and it
// stops working at its expiry; ids are ULIDs or nothing (they end up in a path).
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
  assertUploadId,
  fileEtag,
  isUploadId,
  signedUploadPath,
  signUpload,
  uploadKey,
  verifyUpload,
} from '../../functions/bulk/upload-signature.ts';

const key = randomBytes(32);
const id = ulid();
const now = new Date('2026-05-04T10:00:00Z');
const seconds = now.getTime() / 1000;
const expires = seconds + 900;

describe('upload signatures', () => {
  it('verify for the key, id and expiry they were made for, until the expiry', () => {
    const signature = signUpload(key, id, expires);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyUpload(key, id, String(expires), signature, now)).toBe('valid');
    expect(verifyUpload(key, id, String(expires), signature, new Date((expires - 1) * 1000))).toBe('valid');
  });

  it('have expired at and after the expiry', () => {
    const signature = signUpload(key, id, expires);
    expect(verifyUpload(key, id, String(expires), signature, new Date(expires * 1000))).toBe('expired');
    const past = seconds - 1;
    expect(verifyUpload(key, id, String(past), signUpload(key, id, past), now)).toBe('expired');
  });

  it('refuse another id, another expiry, a changed signature or another key', () => {
    const signature = signUpload(key, id, expires);
    expect(verifyUpload(key, ulid(), String(expires), signature, now)).toBe('invalid');
    expect(verifyUpload(key, id, String(expires + 3600), signature, now)).toBe('invalid');
    // The same number written otherwise is another signed text.
    expect(verifyUpload(key, id, `0${expires}`, signature, now)).toBe('invalid');
    const last = signature.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyUpload(key, id, String(expires), `${signature.slice(0, -1)}${last}`, now)).toBe('invalid');
    expect(verifyUpload(randomBytes(32), id, String(expires), signature, now)).toBe('invalid');
  });

  it('refuse what is missing or malformed without throwing', () => {
    const signature = signUpload(key, id, expires);
    expect(verifyUpload(key, id, null, signature, now)).toBe('invalid');
    expect(verifyUpload(key, id, String(expires), null, now)).toBe('invalid');
    expect(verifyUpload(key, id, '1e12', signature, now)).toBe('invalid');
    expect(verifyUpload(key, id, String(expires), '', now)).toBe('invalid');
    expect(verifyUpload(key, id, String(expires), `${signature}AA`, now)).toBe('invalid');
    expect(verifyUpload(key, id, String(expires), signature.replace(/./, '+'), now)).toBe('invalid');
    expect(verifyUpload(key, '../../etc/passwd', String(expires), signature, now)).toBe('invalid');
  });

  it('go in the URL as expires and signature, after the upload path', () => {
    const path = signedUploadPath(key, id, expires);
    const url = new URL(path, 'http://127.0.0.1:3000');
    expect(url.pathname).toBe(`/uploads/${id}`);
    expect(url.searchParams.get('expires')).toBe(String(expires));
    expect(
      verifyUpload(key, id, url.searchParams.get('expires'), url.searchParams.get('signature'), now),
    ).toBe('valid');
  });

  it('take their key in hex, of at least 32 bytes', () => {
    expect(Buffer.from(uploadKey(key.toString('hex')))).toEqual(key);
    expect(() => uploadKey(randomBytes(16).toString('hex'))).toThrow(/at least 32 bytes/);
    expect(() => uploadKey(key.toString('base64'))).toThrow(/hex/);
  });
});

describe('upload ids', () => {
  it('are ULIDs: 26 characters of Crockford base32', () => {
    expect(isUploadId(id)).toBe(true);
    expect(isUploadId('01JD0000000000000000000000')).toBe(true);
    for (const bad of [
      '',
      id.toLowerCase(),
      `${id}0`,
      id.slice(1),
      '01JD000000000000000000000I',
      `../${id}`,
    ]) {
      expect(isUploadId(bad), bad).toBe(false);
      expect(() => assertUploadId(bad)).toThrow(/ULID/);
    }
    expect(() => assertUploadId(id)).not.toThrow();
  });
});

describe('file entity tags', () => {
  it('differ when the size, the write time or the file differs, and are quoted', () => {
    const version = { size: 10n, mtimeNs: 1_700_000_000_000_000_000n, ino: 42n };
    expect(fileEtag(version)).toMatch(/^"[0-9a-f]{32}"$/);
    expect(fileEtag({ ...version })).toBe(fileEtag(version));
    expect(fileEtag({ ...version, size: 11n })).not.toBe(fileEtag(version));
    expect(fileEtag({ ...version, mtimeNs: version.mtimeNs + 1n })).not.toBe(fileEtag(version));
    expect(fileEtag({ ...version, ino: 43n })).not.toBe(fileEtag(version));
  });
});
