// The README's tutorial, run exactly as written: its shell blocks (between the tutorial markers) in one bash,
// against `npm start` booted on a fresh data directory that is not `.data` — so the commands work with any
// DATA_DIR — with PORT and DYNAMODB_PORT unset, as in a new terminal. Each printed value must be the one its
// comment promises, and the records must be what the story says: a client with its manager, a won deal, one
// retainer invoice, a resolved ticket with its answer, a recovery task, and a report with those figures.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/http.ts';
import { boot, type Running, stop } from '../support/runtime.ts';

const root = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(root, 'README.md'), 'utf8');
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-tutorial-'));
let running: Running;

/** The tutorial's shell blocks, in order. */
function tutorialBlocks(): string[] {
  const section = /<!-- tutorial -->\n([\s\S]*?)<!-- \/tutorial -->/.exec(README)?.[1];
  if (section === undefined) throw new Error('The README has no tutorial section.');
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bash(script: string): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  for (const name of ['PORT', 'DYNAMODB_PORT', 'TABLE_NAME', 'AWS_ENDPOINT_URL_DYNAMODB']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  running = await boot(dataDir);
}, 120_000);

afterAll(async () => {
  if (running !== undefined) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the README tutorial', () => {
  it('runs as written on any DATA_DIR, and every value is the one its comment says', async () => {
    const [start, ...steps] = tutorialBlocks();
    // The first block is the terminal that runs npm start (here: the booted runtime, on dataDir).
    expect(start?.trim()).toMatch(/^DATA_DIR=\S+ npm start\b/);
    expect(steps.length).toBeGreaterThanOrEqual(6);
    const result = await bash(steps.join('\n'));
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);

    // What the commands printed, in order (npm's own lines and the jobs' JSON aside).
    const printed = result.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('>'));
    const expected: (string | RegExp)[] = [
      /^\{"submissionId":"[0-9A-Z]{26}"\}$/,
      'Follow up',
      'Berger Consulting',
      'qualification',
      'proposal',
      '3',
      'client',
      '{"EUR":3000000}',
      'won',
      'active',
      /"issued":1\b/,
      /^INV-\d{4}-000001$/,
      /^\{"submissionId":"[0-9A-Z]{26}"\}$/,
      /^[0-9A-Z]{26}$/, // Asha's id
      'resolved',
      /^\{.*"status":"answered".*"score":2/,
      '1',
      /^Service recovery: scored 2 of 5/,
      '2',
      /"written":true/,
      '1',
      '60',
      '250000',
      '0',
      `${dataDir}/reports/month-${new Date().toISOString().slice(0, 7)}-01.html`,
    ];
    let at = 0;
    for (const want of expected) {
      const found = printed.findIndex(
        (line, index) => index >= at && (typeof want === 'string' ? line === want : want.test(line)),
      );
      expect(found, `${String(want)} after line ${at} of:\n${printed.join('\n')}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }

    // The records the story made.
    const token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
    const api = apiClient(() => ({ url: running.url, token }));
    const get = (path: string) => api('GET', path);
    const contacts = await get('/contacts?email=max@berger-consulting.example');
    const accountId = contacts.json.items[0].accountId as string;
    const account = (await get(`/accounts/${accountId}`)).json;
    const team = (await get('/team')).json.items as { id: string; email: string }[];
    const asha = team.find((member) => member.email === 'asha@acme.test')?.id;
    expect(account).toMatchObject({
      name: 'Berger Consulting',
      relationship: 'client',
      lifecycleStage: 'active',
      accountManagerId: asha,
      billing: { model: 'retainer', monthlyFee: 250000 },
    });
    const invoices = (await get(`/accounts/${accountId}/invoices`)).json.items;
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ total: 250000, source: { kind: 'retainer' } });
    const [ticket] = (await get(`/accounts/${accountId}/tickets`)).json.items;
    expect(ticket).toMatchObject({ status: 'resolved', assigneeId: asha, survey: { score: 2 } });
    const recovery = (await get(`/tasks?assigneeId=${asha}`)).json.items;
    expect(recovery).toHaveLength(1);
    expect(recovery[0]).toMatchObject({ status: 'open', links: { accountId, ticketId: ticket.id } });
  }, 240_000);
});
