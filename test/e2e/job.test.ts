// End to end: `npm run job -- <schedule>` runs a declared schedule's handler against the DynamoDB Local of a
// running `npm start` (booted as a child process, cron off), and explains itself when it cannot; the
// runtime's runJob does the same in process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../functions/app/schedules.ts';
import type { ScheduleDeclaration } from '../../functions/platform/declarations.ts';
import { derivedId } from '../../functions/platform/keys.ts';
import { freePort } from '../../local/dynamodb.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { apiClient } from '../support/http.ts';
import { boot, eventually, type Running, stop } from '../support/runtime.ts';

const root = join(import.meta.dirname, '..', '..');
const schedules: readonly ScheduleDeclaration[] = SCHEDULES;
const first = schedules[0];
const dataDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-job-'));
  dataDirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run job -- <args>` with the given DATA_DIR / DYNAMODB_PORT. */
function job(args: string[], env: Record<string, string>, command = 'local/job.ts'): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', command, ...args], {
      cwd: root,
      env: { ...process.env, DYNAMODB_PORT: '', ...env },
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

/** The summary: the last line of stdout (a handler's own logs, if any, come before it). */
const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as unknown;

describe('npm run job, refusing', () => {
  it('--help prints the usage and every declared schedule', async () => {
    const result = await job(['--help'], { DATA_DIR: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: npm run job -- <schedule> [--at <time>]');
    for (const schedule of schedules) expect(result.stdout).toContain(schedule.name);
  });

  it('exits 2 without a schedule name, or with an unknown option', async () => {
    const none = await job([], { DATA_DIR: tempDir() });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name a schedule.');
    const option = await job(['x', '--every', 'day'], { DATA_DIR: tempDir() });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--every'");
  });

  it('exits 2 for an unknown schedule, listing the declared ones', async () => {
    const result = await job(['no-such-schedule'], { DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown schedule "no-such-schedule"');
    if (schedules.length === 0) expect(result.stderr).toContain('no schedules are declared');
    else expect(result.stderr).toContain(`Declared: ${schedules.map((s) => s.name).join(', ')}.`);
  });

  it.each(['yesterday', '2026-02-30', '2026-03-01T06:00:00', '1 March 2026'])(
    'exits 2 for --at %s',
    async (at) => {
      const result = await job([first?.name ?? 'any', '--at', at], { DATA_DIR: tempDir() });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(
        `--at "${at}" is not an ISO 8601 time: write e.g. 2026-03-01T06:00:00Z (a time needs Z or an offset) or 2026-03-01.`,
      );
    },
  );
});

// The paths past argument checking need a declared schedule to name.
if (first !== undefined) {
  describe(`npm run job -- ${first.name}`, () => {
    let running: Running;
    let dataDir: string;
    let dynamodbPort: string;

    beforeAll(async () => {
      dataDir = tempDir();
      running = await boot(dataDir);
      dynamodbPort = new URL(running.dynamodbEndpoint).port;
    }, 120_000);

    afterAll(async () => {
      if (running) await stop(running);
    });

    it('is off in the test runtime (CRON=off), so no scheduled run interferes', () => {
      expect(running.output()).toContain('cron: off (CRON=off)');
    });

    it('runs the handler against the running CRM and prints its summary as JSON', async () => {
      const result = await job([first.name, '--at', '2026-03-01T06:00:00Z'], {
        DATA_DIR: dataDir,
        DYNAMODB_PORT: dynamodbPort,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const summary = summaryOf(result.stdout);
      expect(summary).toEqual(expect.any(Object));
      expect(Array.isArray(summary)).toBe(false);
    });

    it('finds DynamoDB Local through DATA_DIR/runtime.json alone, and defaults --at to now', async () => {
      const result = await job([first.name], { DATA_DIR: dataDir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(summaryOf(result.stdout)).toEqual(expect.any(Object));
    });

    it('rebuilds the search index with `npm run reindex`, a progress bar on stderr and its end as JSON', async () => {
      const token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
      const api = apiClient(() => ({ url: running.url, token }));
      expect((await api('POST', '/accounts', { name: 'Neuaufbau Werkstatt' })).status).toBe(201);
      const result = await job([], { DATA_DIR: dataDir }, 'local/reindex.ts');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/indexing +\[#+\] \d+\/\d+ 100%/);
      const summary = summaryOf(result.stdout) as {
        state: string;
        read: number;
        totals: { account: number };
      };
      expect(summary.state).toBe('done');
      expect(summary.read).toBeGreaterThanOrEqual(1);
      expect(summary.read).toBe(Object.values(summary.totals).reduce((sum, count) => sum + count, 0));
      const hits = await api('GET', '/search?q=neuaufb');
      expect(hits.json.items).toEqual([
        expect.objectContaining({ type: 'account', name: 'Neuaufbau Werkstatt' }),
      ]);
      const help = await job(['--help'], { DATA_DIR: dataDir }, 'local/reindex.ts');
      expect(help.stdout).toContain('Usage: npm run reindex');
      const wrong = await job(['--nope'], { DATA_DIR: dataDir }, 'local/reindex.ts');
      expect(wrong.code).toBe(2);
    });

    it("e-mails names and the record's link at the running API's address (tasks-due)", async () => {
      const token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
      const api = apiClient(() => ({ url: running.url, token }));
      const member = await api('POST', '/team', { name: 'Tess', email: 'tess@job.test', roles: ['sales'] });
      expect(member.status).toBe(201);
      const account = await api('POST', '/accounts', { name: 'Quayside Ltd' });
      expect(account.status).toBe(201);
      const task = await api('POST', '/tasks', {
        title: 'Ring back',
        assigneeId: member.json.id,
        dueAt: '2030-01-07T09:30:00Z',
        links: { accountId: account.json.id },
      });
      expect(task.status).toBe(201);
      const result = await job(['tasks-due', '--at', '2030-01-07T10:00:00Z'], { DATA_DIR: dataDir });
      expect(result.stderr).toBe('');
      expect(summaryOf(result.stdout)).toMatchObject({ announced: 1, mailed: 1 });
      // Sent by `npm start` from the table's stream, to its local mailbox.
      const file = join(dataDir, 'mail', `${derivedId(`task-due#${task.json.id}#${task.json.dueAt}`)}.eml`);
      await eventually(async () => (existsSync(file) ? true : undefined), 'the task-due mail', 30_000);
      const body = readFileSync(file, 'utf8').split('\r\n\r\n').slice(1).join('\r\n\r\n');
      expect(body).toBe(
        `${[
          'Hello Tess,',
          '',
          'Your task “Ring back” is due 2030-01-07 09:30 UTC.',
          'Account: Quayside Ltd',
          '',
          `${running.url}/tasks/${task.json.id}`,
        ].join('\n')}\r\n`,
      );
    });

    it('exits 1 with one clear line when nothing answers on DYNAMODB_PORT', async () => {
      const port = await freePort();
      const result = await job([first.name], { DATA_DIR: tempDir(), DYNAMODB_PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toEqual([
        `The CRM is not running: nothing answers at http://127.0.0.1:${port} (DynamoDB Local). Start it with \`npm start\`, and run this command with the same DATA_DIR and DYNAMODB_PORT.`,
      ]);
    });
  });

  describe('Runtime.runJob', () => {
    let runtime: Runtime;
    const lines: string[] = [];

    beforeAll(async () => {
      process.env.CRON = 'off';
      runtime = await startRuntime({
        port: 0,
        dynamodbPort: 0,
        dataDir: tempDir(),
        log: (line) => lines.push(line),
      });
    }, 120_000);

    afterAll(async () => {
      await runtime?.stop();
    });

    it('runs a declared schedule in process and resolves with its summary, logged in one line', async () => {
      const summary = await runtime.runJob(first.name, new Date('2026-03-01T06:00:00Z'));
      expect(summary).toEqual(expect.any(Object));
      const line = lines.find((candidate) =>
        candidate.startsWith(`schedule ${first.name} 2026-03-01T06:00:00Z:`),
      );
      expect(line).toMatch(/: done in \d+ ms /);
      expect(line?.endsWith(` ms ${JSON.stringify(summary)}`)).toBe(true);
    });

    it('refuses an unknown schedule, naming the declared ones', async () => {
      await expect(runtime.runJob('no-such-schedule')).rejects.toThrow(
        `No schedule named "no-such-schedule"; declared: ${schedules.map((s) => s.name).join(', ')}`,
      );
    });
  });
}
