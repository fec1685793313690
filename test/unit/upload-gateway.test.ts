// The local gateway as the uploads bucket's stand-in, in process: a PUT to a signed URL streams to the
// directory whole or not at all, and is refused (in the API's error shape) when the URL is bad or expired,
// the id is no ULID or the body too large; a client going away leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUploadPath } from '../../functions/bulk/upload-signature.ts';
import { createGateway } from '../../local/gateway.ts';

const dir = mkdtempSync(join(tmpdir(), 'clientele-upload-gateway-'));
const secret = randomBytes(32);
const MAX = 200_000;
const logged: string[] = [];
let server: Server;
let base: string;
type UploadsModule = typeof import('../../functions/bulk/uploads.ts');
let uploads: UploadsModule;

beforeAll(async () => {
  server = createGateway({
    routes: [],
    secret: randomBytes(32),
    log: (line) => {
      logged.push(line);
    },
    handlerFor: () => Promise.reject(new Error('no routes here')),
    uploads: { dir, secret, maxBytes: MAX },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The adapter reading what the gateway wrote, as the import workers will.
  process.env.UPLOADS_DIR = dir;
  uploads = (await import('../../functions/bulk/uploads.ts')) as UploadsModule;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request with the body sent as these chunks (chunked unless a Content-Length header is given). */
function send(
  method: string,
  path: string,
  chunks: readonly Buffer[] = [],
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, { method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

const signed = (id: string, expires = Math.floor(Date.now() / 1000) + 900) =>
  signedUploadPath(secret, id, expires);
const files = () => readdirSync(dir);
const errorOf = (answer: Answer) => JSON.parse(answer.body) as { error: { code: string; message: string } };

describe('PUT /uploads/{id}', () => {
  it('stores the body whole and answers 200 with the tag uploadInfo reports', async () => {
    const id = ulid();
    const body = [Buffer.from('name,email\n'), Buffer.from('Ada,ada@example.com\n')];
    const answer = await send('PUT', signed(id), body, { 'content-type': 'text/csv' });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(readFileSync(join(dir, `${id}.csv`), 'utf8')).toBe('name,email\nAda,ada@example.com\n');
    expect(await uploads.uploadInfo(id)).toEqual({ bytes: 31, etag: answer.headers.etag });
    expect(files().filter((name) => name.endsWith('.partial'))).toEqual([]);
    // Logged by its template: the signature stays out of the log.
    expect(logged).toContainEqual(expect.stringMatching(/^PUT \/uploads\/\{id\} → 200 /));
    expect(logged.join('\n')).not.toContain('signature');

    const again = await send('PUT', signed(id), [Buffer.from('name\nBob\n')]);
    expect(again.status).toBe(200);
    expect(again.headers.etag).not.toBe(answer.headers.etag);
    expect(await uploads.uploadInfo(id)).toEqual({ bytes: 9, etag: again.headers.etag });
  });

  it('refuses a tampered or expired URL with 403, and an id that is no ULID with 400', async () => {
    const id = ulid();
    const tampered = signed(id).replace(
      /signature=./,
      (start) => `${start.slice(0, -1)}${start.endsWith('A') ? 'B' : 'A'}`,
    );
    const refused = await send('PUT', tampered, [Buffer.from('x')]);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'Forbidden', message: expect.stringMatching(/signature/), details: [] },
    });
    const other = await send('PUT', signed(ulid()).replace(/^\/uploads\/[^?]+/, `/uploads/${id}`), [
      Buffer.from('x'),
    ]);
    expect(other.status).toBe(403);
    const unsigned = await send('PUT', `/uploads/${id}`, [Buffer.from('x')]);
    expect(unsigned.status).toBe(403);
    const expired = await send('PUT', signed(id, Math.floor(Date.now() / 1000) - 1), [Buffer.from('x')]);
    expect(expired.status).toBe(403);
    expect(errorOf(expired).error.message).toMatch(/expired/);
    const malformed = await send('PUT', '/uploads/not-an-id?expires=1&signature=x', [Buffer.from('x')]);
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).error.code).toBe('ClientError');
    expect(existsSync(join(dir, `${id}.csv`))).toBe(false);
  });

  it('refuses a body over the limit with 413, said up front or found on the way, and keeps nothing of it', async () => {
    const id = ulid();
    const declared = await send('PUT', signed(id), [], { 'content-length': String(MAX + 1) });
    expect(declared.status).toBe(413);
    expect(errorOf(declared).error.code).toBe('PayloadTooLarge');
    const chunks = Array.from({ length: 5 }, () => randomBytes(50_000));
    const streamed = await send('PUT', signed(id), chunks);
    expect(streamed.status).toBe(413);
    expect(files().filter((name) => name.startsWith(id))).toEqual([]);
    const exactly = await send('PUT', signed(id), [randomBytes(MAX)]);
    expect(exactly.status).toBe(200);
  });

  it('keeps nothing of an upload the client abandons halfway', async () => {
    const id = ulid();
    const request = httpRequest(`${base}${signed(id)}`, { method: 'PUT' });
    request.on('error', () => {
      // The connection is cut on purpose: its error is the point of this test.
    });
    request.write(randomBytes(64 * 1024));
    const deadline = Date.now() + 10_000;
    while (!files().some((name) => name.startsWith(id) && name.endsWith('.partial'))) {
      if (Date.now() > deadline) throw new Error('the partial file never appeared');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    request.destroy();
    while (files().some((name) => name.startsWith(id))) {
      if (Date.now() > deadline) throw new Error(`left behind: ${files().join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(existsSync(join(dir, `${id}.csv`))).toBe(false);
    expect(await uploads.uploadInfo(id)).toBeUndefined();
  });

  it('answers a CORS preflight as the bucket does, and 405 to other methods', async () => {
    const id = ulid();
    const preflight = await send('OPTIONS', signed(id), [], {
      origin: 'https://app.example.com',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': 'content-type',
    });
    const get = await send('GET', signed(id));
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('PUT');
  });
});
