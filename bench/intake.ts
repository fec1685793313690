// Form intake, end to end on the local stack (run by bench/run.ts in its own process, printing JSON):
//   1. latency: a lead submission over HTTP until its automation has finished (contact, interaction and
//      task written, the submission marked processed), p50/p99 over N sequential submissions;
//   2. sustained intake: submissions/s for D seconds from C concurrent clients (rate limit off), then
//      counted back: accepted vs stored vs processed — none lost, none twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../local/runtime.ts';
import { percentile } from './shared.ts';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const INTAKE_SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_INTAKE_CLIENTS ?? 8);

process.env.RATE_LIMIT = 'off';
process.env.LOG_LEVEL ??= 'ERROR';
const dataDir = mkdtempSync(join(tmpdir(), 'clientele-bench-intake-'));
const runtime = await startRuntime({ port: 0, dataDir, dynamodbPort: 0, log: () => undefined });
const auth = { authorization: `Bearer ${runtime.devToken}`, 'content-type': 'application/json' };

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

type Page = { items: { id: string; status: string }[]; nextCursor: string | null };

async function allSubmissions(formId: string) {
  const items: Page['items'] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await api('GET', `/forms/${formId}/submissions?${query}`)).json as unknown as Page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

try {
  await api('POST', '/team', { name: 'Bench Sales', email: 'sales@bench.test', roles: ['sales'] });
  const form = await api('POST', '/forms', {
    name: 'Bench lead form',
    kind: 'lead',
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'email', label: 'E-mail', type: 'email', required: true },
      { name: 'message', label: 'Message', type: 'textarea' },
    ],
  });
  const formId = String(form.json?.id);
  const post = (index: number, run: string) =>
    api(
      'POST',
      `/forms/${formId}/submissions`,
      {
        name: `Visitor ${index}`,
        email: `visitor.${run}.${index}@bench.example`,
        message: 'Please call me back.',
      },
      { 'content-type': 'application/json' },
    );

  // 1. latency, one at a time
  const latencies: number[] = [];
  for (let index = 0; index < SUBMISSIONS; index++) {
    const started = performance.now();
    const accepted = await post(index, 'latency');
    if (accepted.status !== 202) throw new Error(`submission answered ${accepted.status}`);
    const id = String(accepted.json?.submissionId);
    for (;;) {
      const page = (await api('GET', `/forms/${formId}/submissions?limit=1`)).json as unknown as Page;
      if (page.items[0]?.id === id && page.items[0].status === 'processed') break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - started);
  }

  // 2. sustained intake
  const intakeForm = await api('POST', '/forms', {
    name: 'Bench intake form',
    kind: 'lead',
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'email', label: 'E-mail', type: 'email', required: true },
    ],
  });
  const intakeId = String(intakeForm.json?.id);
  let accepted = 0;
  let refused = 0;
  let counter = 0;
  const until = Date.now() + INTAKE_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const index = counter++;
        const response = await api(
          'POST',
          `/forms/${intakeId}/submissions`,
          { name: `Load ${index}`, email: `load.${index}@bench.example` },
          { 'content-type': 'application/json' },
        );
        if (response.status === 202) accepted++;
        else refused++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const drainStarted = performance.now();
  await runtime.settle();
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const stored = await allSubmissions(intakeId);
  const ids = new Set(stored.map((item) => item.id));
  const result = {
    latency: {
      submissions: SUBMISSIONS,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      targets: { p50Ms: 150, p99Ms: 400 },
    },
    intake: {
      seconds: Math.round(seconds * 10) / 10,
      clients: CLIENTS,
      sent: counter,
      accepted,
      refused,
      perSecond: accepted / seconds,
      stored: stored.length,
      distinct: ids.size,
      processed: stored.filter((item) => item.status === 'processed').length,
      lost: accepted - ids.size,
      duplicated: stored.length - ids.size,
      drainSeconds: Math.round(drainSeconds * 10) / 10,
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
