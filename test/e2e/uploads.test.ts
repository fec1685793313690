// Uploads end to end on `npm start`'s runtime: an admin asks for an upload target, PUTs a CSV of several
// MB (past the gateway's 10 MB limit for API bodies) straight to it and gets its ETag; the file lands whole
// under $DATA_DIR/uploads, where the adapter reads it back by ranges. A tampered or expired URL is refused,
// and so is a member who is no admin.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUploadPath, uploadKey } from '../../functions/bulk/upload-signature.ts';
import { apiClient } from '../support/http.ts';
import { boot, type Running, stop } from '../support/runtime.ts';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-uploads-e2e-'));

let running: Running;
let token: string | undefined;
const api = apiClient(() => ({ url: running.url, token }));
type UploadsModule = typeof import('../../functions/bulk/uploads.ts');
let uploads: UploadsModule;

/** 12 MB of contacts: more than the gateway reads of an API request's body. */
const csv = Buffer.from(
  [
    'name,email,company\n',
    ...Array.from(
      { length: 240_000 },
      (_, row) => `Person ${row},person${row}@example.com,Company ${row % 97}\n`,
    ),
  ].join(''),
);

interface Target {
  readonly id: string;
  readonly url: string;
  readonly method: 'PUT';
  readonly headers: Record<string, string>;
  readonly expiresAt: string;
}

beforeAll(async () => {
  running = await boot(dataDir);
  token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
  // What an import worker reads the files with, over the runtime's upload directory.
  process.env.UPLOADS_DIR = join(dataDir, 'uploads');
  uploads = (await import('../../functions/bulk/uploads.ts')) as UploadsModule;
}, 120_000);

afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

const newTarget = async (): Promise<Target> => {
  const answer = await api('POST', '/uploads');
  expect(answer.status, answer.text).toBe(201);
  return answer.json as Target;
};

const put = (
  url: string,
  body: Uint8Array,
  headers: Record<string, string> = { 'Content-Type': 'text/csv' },
) => fetch(url, { method: 'PUT', headers, body });

describe('uploads on the local runtime', () => {
  it('hands an admin a signed URL on the runtime itself, good for 15 minutes', async () => {
    const before = Date.now();
    const target = await newTarget();
    expect(target.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(target.method).toBe('PUT');
    expect(target.headers).toEqual({ 'Content-Type': 'text/csv' });
    const url = new URL(target.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${running.url}/uploads/${target.id}`);
    expect(url.searchParams.get('signature')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lifetime = Date.parse(target.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000 + 1000);
  });

  it('takes a PUT of a 12 MB CSV to that URL: 200 with its ETag, the file whole where the adapter reads it', async () => {
    const target = await newTarget();
    const answer = await put(target.url, csv, target.headers);
    expect(answer.status, await answer.clone().text()).toBe(200);
    const etag = answer.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const file = join(dataDir, 'uploads', `${target.id}.csv`);
    expect(statSync(file).size).toBe(csv.length);
    expect(readFileSync(file).equals(csv)).toBe(true);
    expect(await uploads.uploadInfo(target.id)).toEqual({ bytes: csv.length, etag });

    const parts: Buffer[] = [];
    for await (const chunk of uploads.readUpload(target.id, {
      start: 5_000_000,
      end: 5_000_100,
      etag: etag ?? '',
    })) {
      parts.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(parts).equals(csv.subarray(5_000_000, 5_000_100))).toBe(true);
    // The access log names the route, never the URL with its signature.
    expect(running.output()).toMatch(/PUT \/uploads\/\{id\} → 200 /);
    expect(running.output()).not.toContain(new URL(target.url).searchParams.get('signature') ?? '?');
  });

  it('refuses a tampered signature and an expired URL with 403 in the API error shape, and keeps nothing', async () => {
    const target = await newTarget();
    const url = new URL(target.url);
    const signature = url.searchParams.get('signature') ?? '';
    url.searchParams.set('signature', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    const tampered = await put(url.href, Buffer.from('name\nx\n'));
    expect(tampered.status).toBe(403);
    expect(await tampered.json()).toEqual({
      error: { code: 'Forbidden', message: expect.any(String), details: [] },
    });

    const key = uploadKey(readFileSync(join(dataDir, 'upload-secret'), 'utf8').trim());
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await put(
      `${running.url}${signedUploadPath(key, target.id, past)}`,
      Buffer.from('name\nx\n'),
    );
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    expect(await uploads.uploadInfo(target.id)).toBeUndefined();

    // The same key with a future expiry is accepted: the refusals above were for the URL, not the key.
    const future = Math.floor(Date.now() / 1000) + 60;
    const fresh = await put(
      `${running.url}${signedUploadPath(key, target.id, future)}`,
      Buffer.from('name\nx\n'),
    );
    expect(fresh.status).toBe(200);
  });

  it('refuses POST /uploads to a member who is no admin (403)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'local/token.ts', '--role', 'sales'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    const admin = token;
    token = stdout.trim();
    try {
      const refused = await api('POST', '/uploads');
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('RoleRequired');
      expect(refused.json.error.allowedRoles).toEqual(['admin']);
    } finally {
      token = admin;
    }
  });
});
