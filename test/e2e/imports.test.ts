// Importing on `npm start`'s runtime, as a business moving in would: `npm run import -- <file> --dry-run` shows
// the HubSpot export's mapping, first rows and errors without writing anything; the import itself then runs
// through the runtime's own bus (splitter, chunk workers) to `done`, its errors downloadable as CSV; importing
// the file again creates nothing. And the runtime killed with SIGKILL halfway through an import: started
// again on the same data, it finishes the import with every row counted once and no contact twice.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/http.ts';
import { boot, eventually, type Running, stop } from '../support/runtime.ts';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-imports-e2e-'));
const fixture = join(root, 'test', 'fixtures', 'imports', 'hubspot-contacts.csv');

let running: Running | undefined;
let token: string | undefined;
const api = apiClient(() => ({ url: running?.url ?? '', token }));

beforeAll(async () => {
  running = await boot(dataDir);
  token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
}, 120_000);

afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run import -- …` against the running runtime: its JSON on stdout, its progress on stderr. */
async function importCommand(...args: string[]) {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'local/import.ts', ...args], {
    cwd: root,
    env: { ...process.env, CLIENTELE_API_URL: running?.url ?? '', CLIENTELE_TOKEN: token ?? '' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { json: JSON.parse(stdout) as Record<string, unknown>, stderr };
}

async function contactsIn(endpoint: string) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: 'clientele',
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TYPE#CONTACT' },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  client.destroy();
  return count;
}

describe('importing on the local runtime', () => {
  it('previews the HubSpot export with --dry-run, writing nothing; imports it; re-imports it creating nothing', async () => {
    const endpoint = running?.dynamodbEndpoint ?? '';
    const before = await contactsIn(endpoint);
    const preview = await importCommand(fixture, '--dry-run');
    expect(preview.json).toMatchObject({ dryRun: true, delimiter: ';', rows: 6, valid: 5, invalid: 1 });
    expect((preview.json.sample as { contact: { name: string } }[])[0]?.contact.name).toBe('Jürgen Müller');
    expect(preview.stderr).toMatch(/uploading .*100%/);
    expect(await contactsIn(endpoint)).toBe(before);

    const imported = await importCommand(fixture);
    expect(imported.json).toMatchObject({
      state: 'done',
      counts: { rows: 6, done: 6, created: 5, failed: 1, skipped: 0 },
    });
    expect(imported.stderr).toMatch(/importing .*6\/6 100%/);
    expect(await contactsIn(endpoint)).toBe(before + 5);
    const errors = await api('GET', `/imports/${String(imported.json.id)}/errors?format=csv`);
    expect(errors.status).toBe(200);
    expect(errors.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(errors.text.split('\r\n')[0]).toBe('row,column,message');
    expect(errors.text).toMatch(/^7,Email,/m);

    const again = await importCommand(fixture);
    expect(again.json).toMatchObject({ state: 'done', counts: { created: 0, skipped: 5, failed: 1 } });
    expect(await contactsIn(endpoint)).toBe(before + 5);
  }, 120_000);

  it('finishes an import cut off by a SIGKILL of the whole runtime, every row once', async () => {
    const rows = 1500;
    const file = join(dataDir, 'people.csv');
    writeFileSync(
      file,
      [
        'First Name,Last Name,Email,Company Name\n',
        ...Array.from(
          { length: rows },
          (_, n) => `Kim,Row ${n},kim.${n}@firm-${n % 30}.example,Firm ${n % 30}\n`,
        ),
      ].join(''),
    );
    const endpoint = running?.dynamodbEndpoint ?? '';
    const before = await contactsIn(endpoint);
    const target = (await api('POST', '/uploads')).json as {
      id: string;
      url: string;
      headers: Record<string, string>;
    };
    const put = await fetch(target.url, { method: 'PUT', headers: target.headers, body: readFileSync(file) });
    expect(put.status).toBe(200);
    const started = await api('POST', '/imports', { upload: target.id });
    expect(started.status, started.text).toBe(202);
    expect(started.headers.get('location')).toBe(`/imports/${target.id}`);
    await eventually(
      async () => {
        const now = await api('GET', `/imports/${target.id}`);
        return (now.json as { counts: { done: number } }).counts.done >= 100 ? true : undefined;
      },
      'the import under way',
      60_000,
    );
    if (running === undefined) throw new Error('no runtime');
    expect(await stop(running, 'SIGKILL')).toBe('SIGKILL');
    running = await boot(dataDir);
    const done = await eventually(
      async () => {
        const now = await api('GET', `/imports/${target.id}`);
        const record = now.json as { state: string; counts: Record<string, number> };
        return record.state === 'done' ? record : undefined;
      },
      'the import done after the restart',
      240_000,
    );
    expect(done.counts).toMatchObject({ rows, done: rows, created: rows, failed: 0, accountsCreated: 30 });
    expect(await contactsIn(running.dynamodbEndpoint)).toBe(before + rows);
  }, 400_000);
});
