// A failed automation end to end on `npm start`'s runtime: the mailbox cannot be written (a file stands
// where its folder should be), so the e-mail of a new support ticket fails every attempt and is
// dead-lettered; GET /failures shows it, with the rule, the event and the error; once the mailbox is back,
// POST /failures/{id}/retry hands the event to the mail sender again and the mail goes out, once.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/http.ts';
import { boot, eventually, type Running, stop } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-failures-e2e-'));
let running: Running;
let token = '';
const api = apiClient(() => ({ url: running.url, token }));
const mailDir = join(dataDir, 'mail');

beforeAll(async () => {
  // Where the mailbox folder goes, a file: every send fails (ENOTDIR / EEXIST).
  writeFileSync(mailDir, 'not a folder');
  running = await boot(dataDir);
  token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
}, 120_000);

afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a failed automation, kept and retried', () => {
  it('lists the dead letter and, retried once the cause is fixed, delivers it once', async () => {
    expect(
      (await api('POST', '/team', { name: 'Sue', email: 'sue@failures.test', roles: ['service'] })).status,
    ).toBe(201);
    const form = await api('POST', '/forms', {
      name: 'Support',
      kind: 'support',
      fields: [
        { name: 'email', label: 'E-mail', type: 'email', required: true },
        { name: 'problem', label: 'Problem', type: 'text', required: true },
      ],
    });
    expect(form.status).toBe(201);
    const submitted = await api(
      'POST',
      `/forms/${form.json.id}/submissions`,
      { email: 'visitor@failures.test', problem: 'Broken' },
      { authorization: '' },
    );
    expect(submitted.status).toBe(202);
    const mailId = submitted.json.submissionId as string;

    const failure = await eventually(
      async () => {
        const page = await api('GET', '/failures?status=open');
        return page.json.items.find((item: { rule: string }) => item.rule === 'SendMail');
      },
      'the mail failure recorded',
      30_000,
    );
    expect(failure).toMatchObject({
      detailType: 'MailQueued',
      subject: { entity: 'Mail', id: mailId },
      status: 'open',
      failures: 1,
      retries: 0,
      event: { 'detail-type': 'MailQueued', detail: { id: mailId } },
    });
    expect(failure.attempts).toBeGreaterThan(1);
    expect(failure.error.message).toMatch(/EEXIST|ENOTDIR/);
    // The rest of the submission's work was done: only the mail failed.
    const submission = (await api('GET', `/forms/${form.json.id}/submissions`)).json.items[0];
    expect(submission).toMatchObject({ id: mailId, status: 'processed' });

    rmSync(mailDir);
    mkdirSync(mailDir);
    const retried = await api('POST', `/failures/${failure.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({ id: failure.id, status: 'retried', retries: 1 });
    await eventually(
      async () => (existsSync(join(mailDir, `${mailId}.eml`)) ? true : undefined),
      'the mail sent after the retry',
      30_000,
    );
    await eventually(
      async () => {
        const page = await api('GET', `/failures?status=retried`);
        const found = page.json.items.find((item: { id: string }) => item.id === failure.id);
        return found?.redriven === 1 ? found : undefined;
      },
      'the retry handed over',
      30_000,
    );
    // Once: one file, the failure not reopened, nothing more dead-lettered.
    expect(readdirSync(mailDir)).toEqual([`${mailId}.eml`]);
    expect((await api('GET', '/failures?status=open')).json.items).toEqual([]);
    const unknown = await api('POST', '/failures/01M8S00000000000000000ZZZZ/retry');
    expect(unknown.status).toBe(404);
  }, 120_000);
});
