// Web forms end to end on `npm start`'s runtime: the same submission sent 2–5 times, in sequence and at
// once, becomes one submission, one contact, one interaction and one follow-up task; CORS and the per-IP
// rate limit answer over real HTTP.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/http.ts';
import { boot, eventually, type Running, stop } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-forms-e2e-'));
let running: Running;
let token: string;
let formId: string;

const api = apiClient(() => ({ url: running.url, token }));

const submit = (values: Record<string, string>, headers: Record<string, string> = {}) =>
  api('POST', `/forms/${formId}/submissions`, values, { authorization: '', ...headers });

const events = () =>
  existsSync(join(dataDir, 'events.jsonl'))
    ? readFileSync(join(dataDir, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { 'detail-type': string; detail: { id: string } })
    : [];

async function processed(submissionId: string) {
  return eventually(async () => {
    const page = await api('GET', `/forms/${formId}/submissions?limit=100`);
    const found = page.json.items.find((item: { id: string }) => item.id === submissionId);
    return found?.status === 'processed' ? found : undefined;
  }, `submission ${submissionId} processed`);
}

async function expectOneOfEach(email: string, submissionId: string) {
  const submission = await processed(submissionId);
  const contacts = await api('GET', `/contacts?email=${encodeURIComponent(email)}`);
  expect(contacts.json.items).toHaveLength(1);
  const timeline = await api('GET', `/accounts/${submission.produced.accountId}/interactions`);
  expect(timeline.json.items).toHaveLength(1);
  const submissions = (await api('GET', `/forms/${formId}/submissions?limit=100`)).json.items.filter(
    (item: { values: { email: string } }) => item.values.email === email,
  );
  expect(submissions).toHaveLength(1);
  // Let any late duplicate delivery show itself before counting the follow-up tasks announced.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const tasks = events().filter(
    (event) => event['detail-type'] === 'TaskCreated' && event.detail.id === submissionId,
  );
  expect(tasks).toHaveLength(1);
}

beforeAll(async () => {
  running = await boot(dataDir);
  token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
  expect((await api('POST', '/team', { name: 'Sam', email: 'sam@e2e.test', roles: ['sales'] })).status).toBe(
    201,
  );
  const form = await api('POST', '/forms', {
    name: 'Contact sales',
    kind: 'lead',
    allowedOrigins: ['https://www.example.com'],
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'email', label: 'E-mail', type: 'email', required: true },
      { name: 'message', label: 'Message', type: 'textarea' },
    ],
  });
  expect(form.status).toBe(201);
  formId = form.json.id;
}, 120_000);

afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('form submissions over HTTP', () => {
  it.each([2, 3, 5])(
    'the same submission %i times at once with one key → one of everything',
    async (times) => {
      const email = `together.${times}.${Date.now()}@example.com`;
      const key = `key-${times}-${Date.now()}`;
      const answers = await Promise.all(
        Array.from({ length: times }, () => submit({ name: 'Together', email }, { 'Idempotency-Key': key })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(times).fill(202));
      const ids = new Set(answers.map((answer) => answer.json.submissionId));
      expect(ids.size).toBe(1);
      await expectOneOfEach(email, [...ids][0] as string);
      const other = await submit({ name: 'Someone else', email }, { 'Idempotency-Key': key });
      expect(other.status).toBe(422);
    },
  );

  it.each([2, 4])(
    'the same submission %i times in sequence without a key → one of everything',
    async (times) => {
      const email = `again.${times}.${Date.now()}@example.com`;
      const ids = new Set<string>();
      for (let attempt = 0; attempt < times; attempt++) {
        const answer = await submit({ name: 'Again', email, message: 'Hello' });
        expect(answer.status).toBe(202);
        ids.add(answer.json.submissionId);
      }
      expect(ids.size).toBe(1);
      await expectOneOfEach(email, [...ids][0] as string);
    },
  );

  it('answers the CORS preflight for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${running.url}/forms/${formId}/submissions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://www.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect((await preflight('https://evil.example')).status).toBe(403);
    const post = await submit({ name: 'X', email: 'x@example.com' }, { origin: 'https://evil.example' });
    expect(post.status).toBe(403);
  });

  it('limits each client address with 429 and Retry-After', async () => {
    const answers = [];
    for (let attempt = 0; attempt < 40; attempt++) answers.push(await submit({ name: 'Flood' }));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0]?.json.error.code).toBe('TooManyRequests');
    // Everything before the limit was judged on its merits (the e-mail is missing).
    expect(answers[0]?.status).toBe(400);
  });
});
