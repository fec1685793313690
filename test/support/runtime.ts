// Boots `npm start`'s runtime as a child process on free ports over a given data directory, and stops it
// with SIGTERM, for the end-to-end tests that drive it over HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dynamodbEndpoint: string;
  output(): string;
}

export async function boot(
  dataDir: string,
  env: Record<string, string> = {},
  options: { readonly group?: boolean } = {},
): Promise<Running> {
  // A stale runtime.json from the last run would point at ports that are gone.
  rmSync(join(dataDir, 'runtime.json'), { force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: root,
    // No cron: a scheduled run at the top of the hour would write to the table while a test watches it.
    env: {
      ...process.env,
      PORT: '0',
      DYNAMODB_PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'WARN',
      CRON: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, as a shell gives `npm start`: a signal can then go to the whole group.
    detached: options.group === true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 90_000;
  while (!output.includes('Clientele is running.')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`runtime did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const info = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as {
    url: string;
    dynamodbEndpoint: string;
  };
  return { child, url: info.url, dynamodbEndpoint: info.dynamodbEndpoint, output: () => output };
}

/** Send the runtime a signal (SIGTERM: a clean stop) and resolve with its exit code, or the signal that ended it. */
export async function stop(
  running: Running,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | NodeJS.Signals | null> {
  if (running.child.exitCode !== null) return running.child.exitCode;
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    running.child.once('exit', (code, ended) => resolve(code ?? ended)),
  );
  running.child.kill(signal);
  return exited;
}

/** Polls until the probe answers something other than undefined; the runtime's work is asynchronous. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
