// The uploads adapter: locally a directory read by byte ranges of one version of a file, and signed URLs
// to the gateway; on AWS pre-signed S3 PUTs (signed here offline: no request is made); unconfigured, a
// clear error.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uploadKey, verifyUpload } from '../../functions/bulk/upload-signature.ts';

type UploadsModule = typeof import('../../functions/bulk/uploads.ts');

const VARIABLES = ['UPLOADS_BUCKET', 'UPLOADS_DIR', 'UPLOADS_URL', 'UPLOADS_SECRET'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

/** The module as a fresh process with `environment` would load it. */
async function loadWith(environment: Partial<Record<(typeof VARIABLES)[number], string>>) {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, environment);
  vi.resetModules();
  return (await import('../../functions/bulk/uploads.ts')) as UploadsModule;
}

afterAll(() => {
  for (const name of VARIABLES) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
});

const collect = async (chunks: AsyncIterable<Uint8Array>) => {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
};

describe('the directory adapter', () => {
  let dir: string;
  let uploads: UploadsModule;
  const secret = randomBytes(32).toString('hex');
  // Three chunks' worth (a read stream reads 64 KiB at a time), so ranges cross chunk edges.
  const content = Buffer.from(
    Array.from({ length: 6000 }, (_, row) => `${row},name ${row},row${row}@example.com\n`).join(''),
  );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clientele-uploads-'));
    uploads = await loadWith({
      UPLOADS_DIR: dir,
      UPLOADS_URL: 'http://127.0.0.1:3999/',
      UPLOADS_SECRET: secret,
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** As the gateway stores an upload: written beside, then renamed into place. */
  const store = async (id: string, bytes: Buffer) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id}.csv.x.partial`), bytes);
    await rename(join(dir, `${id}.csv.x.partial`), join(dir, `${id}.csv`));
  };

  it('signs a URL to the gateway, for the id, valid for 15 minutes', async () => {
    const id = ulid();
    const now = new Date('2026-05-04T10:00:00.400Z');
    const target = await uploads.uploadTarget(id, now);
    expect(target).toMatchObject({
      method: 'PUT',
      headers: { 'Content-Type': 'text/csv' },
      expiresAt: '2026-05-04T10:15:00.000Z',
    });
    const url = new URL(target.url);
    expect(`${url.origin}${url.pathname}`).toBe(`http://127.0.0.1:3999/uploads/${id}`);
    expect(Number(url.searchParams.get('expires'))).toBe(Date.parse(target.expiresAt) / 1000);
    expect(uploads.UPLOAD_SECONDS).toBe(900);
    const verdict = (at: Date) =>
      verifyUpload(
        uploadKey(secret),
        id,
        url.searchParams.get('expires'),
        url.searchParams.get('signature'),
        at,
      );
    expect(verdict(now)).toBe('valid');
    expect(verdict(new Date(target.expiresAt))).toBe('expired');
  });

  it('knows nothing of an upload not made yet, then its size and tag', async () => {
    const id = ulid();
    expect(await uploads.uploadInfo(id)).toBeUndefined();
    await store(id, content);
    const info = await uploads.uploadInfo(id);
    expect(info?.bytes).toBe(content.length);
    expect(info?.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await uploads.uploadInfo(id))?.etag).toBe(info?.etag);
  });

  it('reads the whole file, or the bytes from start to end (exclusive)', async () => {
    const id = ulid();
    await store(id, content);
    expect(await collect(uploads.readUpload(id))).toEqual(content);
    expect(await collect(uploads.readUpload(id, { start: 70_000 }))).toEqual(content.subarray(70_000));
    expect(await collect(uploads.readUpload(id, { end: 10 }))).toEqual(content.subarray(0, 10));
    expect(await collect(uploads.readUpload(id, { start: 65_530, end: 131_080 }))).toEqual(
      content.subarray(65_530, 131_080),
    );
    expect(await collect(uploads.readUpload(id, { start: 5, end: 5 }))).toEqual(Buffer.alloc(0));
    expect(await collect(uploads.readUpload(id, { start: content.length + 10 }))).toEqual(Buffer.alloc(0));
    expect(await collect(uploads.readUpload(id, { start: 100, end: content.length + 100 }))).toEqual(
      content.subarray(100),
    );
  });

  it('reads a version by its tag, and refuses once the file was uploaded again', async () => {
    const id = ulid();
    await store(id, content);
    const first = await uploads.uploadInfo(id);
    const etag = first?.etag ?? '';
    expect(await collect(uploads.readUpload(id, { start: 1, end: 4, etag }))).toEqual(content.subarray(1, 4));
    await store(id, content);
    const again = uploads.readUpload(id, { start: 1, end: 4, etag });
    await expect(collect(again)).rejects.toThrow(uploads.UploadChanged);
    await expect(collect(uploads.readUpload(id, { start: 4, end: 4, etag }))).rejects.toThrow(
      /no longer version/,
    );
    expect((await uploads.uploadInfo(id))?.etag).not.toBe(etag);
  });

  it('goes on reading the version it started on when a new upload replaces it', async () => {
    const id = ulid();
    await store(id, content);
    const { etag } = (await uploads.uploadInfo(id)) ?? { etag: '' };
    const reading = uploads.readUpload(id, { etag })[Symbol.asyncIterator]();
    const first = await reading.next();
    await store(id, Buffer.from('replaced\n'));
    const parts = [Buffer.from(first.value ?? new Uint8Array())];
    for (let next = await reading.next(); next.done !== true; next = await reading.next()) {
      parts.push(Buffer.from(next.value));
    }
    expect(Buffer.concat(parts)).toEqual(content);
  });

  it('refuses an id that is not a ULID and a range that is not one', async () => {
    for (const bad of ['../secrets', 'x'.repeat(26), `${ulid()}.csv`]) {
      await expect(uploads.uploadTarget(bad, new Date())).rejects.toThrow(/ULID/);
      await expect(uploads.uploadInfo(bad)).rejects.toThrow(/ULID/);
      await expect(collect(uploads.readUpload(bad))).rejects.toThrow(/ULID/);
    }
    const id = ulid();
    await expect(collect(uploads.readUpload(id, { start: -1 }))).rejects.toThrow(RangeError);
    await expect(collect(uploads.readUpload(id, { start: 5, end: 4 }))).rejects.toThrow(RangeError);
    await expect(collect(uploads.readUpload(id, { start: 0.5 }))).rejects.toThrow(RangeError);
  });

  it('says which variable is missing when it cannot sign', async () => {
    const unsigned = await loadWith({ UPLOADS_DIR: dir });
    await expect(unsigned.uploadTarget(ulid(), new Date())).rejects.toThrow(/UPLOADS_URL/);
  });
});

describe('the S3 adapter', () => {
  it('pre-signs a PUT of uploads/<id>.csv with the content type signed, for 15 minutes, without a checksum', async () => {
    const credentials = {
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
      AWS_REGION: process.env.AWS_REGION,
    };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      AWS_REGION: 'eu-central-1',
    });
    try {
      const uploads = await loadWith({ UPLOADS_BUCKET: 'clientele-uploads-example' });
      const id = ulid();
      const now = new Date();
      const target = await uploads.uploadTarget(id, now);
      const url = new URL(target.url);
      expect(url.hostname).toBe('clientele-uploads-example.s3.eu-central-1.amazonaws.com');
      expect(url.pathname).toBe(`/uploads/${id}.csv`);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
      // A checksum signed at signing time is the empty body's: S3 would refuse every real file.
      expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
      expect(target.method).toBe('PUT');
      expect(target.headers).toEqual({ 'Content-Type': 'text/csv' });
      expect(Date.parse(target.expiresAt) - now.getTime()).toBeGreaterThan(899_000);
      expect(Date.parse(target.expiresAt) - now.getTime()).toBeLessThanOrEqual(900_000);
    } finally {
      for (const [name, value] of Object.entries(credentials)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('unconfigured', () => {
  it('loads, and fails on use naming both variables', async () => {
    const uploads = await loadWith({});
    const message = /UPLOADS_BUCKET or UPLOADS_DIR/;
    await expect(uploads.uploadTarget(ulid(), new Date())).rejects.toThrow(message);
    await expect(uploads.uploadInfo(ulid())).rejects.toThrow(message);
    await expect(collect(uploads.readUpload(ulid()))).rejects.toThrow(message);
  });
});
