// Nothing lost, nothing twice, with the whole runtime killed. Form submissions (lead and support) come from
// 8 concurrent clients while `npm start`'s runtime is killed with SIGKILL three times (early, in the middle,
// right after the last answer) and stopped once with SIGINT sent to its whole process group, as a terminal's
// Ctrl-C is, in the middle of the automations; each time it is started again on the same data. A client
// whose request got no answer sends it again, with the same Idempotency-Key, once the runtime is back.
// After the last start has drained: every stored submission was processed exactly once (one contact, one
// interaction, one task or ticket, one e-mail per ticket), no delivery was dead-lettered, and nothing is
// left pending. Also measured: whether DynamoDB Local keeps an acknowledged write when its JVM is killed.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand as RawScan,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb.ts';
import { apiClient } from '../support/http.ts';
import { boot, eventually, type Running, stop } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-faults-'));
const SUBMISSIONS = 160;
const CLIENTS = 8;

let running: Running | undefined;
let token = '';
const api = apiClient(() => ({ url: running?.url ?? 'http://127.0.0.1:9', token }));

interface Planned {
  readonly key: string;
  readonly kind: 'lead' | 'support';
  readonly email: string;
  /** The submission's id once an answer came back. */
  id?: string;
}

const plan: Planned[] = Array.from({ length: SUBMISSIONS }, (_, index) => ({
  key: randomUUID(),
  kind: index % 2 === 0 ? 'lead' : 'support',
  email: `visitor-${index}@faults.test`,
}));
const forms: Record<Planned['kind'], string> = { lead: '', support: '' };

// Its own process group, as a terminal gives it: the Ctrl-C below goes to the group.
const started = () => boot(dataDir, { RATE_LIMIT: 'off' }, { group: true });

/** One submission, sent until it is answered (a runtime that is down refuses the connection). */
async function send(planned: Planned, index: number): Promise<void> {
  for (;;) {
    const target = running;
    if (target === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      const answer = await fetch(`${target.url}/forms/${forms[planned.kind]}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': planned.key },
        body: JSON.stringify({
          name: `Visitor ${index}`,
          email: planned.email,
          ...(planned.kind === 'support'
            ? { product: 'Router', problem: `No signal ${index}`, priority: 'high' }
            : { company: `Company ${index}` }),
        }),
      });
      const body = (await answer.json()) as { submissionId?: string };
      if (answer.status === 202 && typeof body.submissionId === 'string') {
        planned.id = body.submissionId;
        return;
      }
      throw new Error(`submission ${index}: ${answer.status} ${JSON.stringify(body)}`);
    } catch (error) {
      // Refused or cut off by the kill: sent again, same key, when the runtime is back.
      if (error instanceof Error && error.message.startsWith('submission')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const answered = () => plan.filter((planned) => planned.id !== undefined).length;
/** A client's own failure (an answer other than 202), which ends the test. */
let clientFailure: unknown;

async function killWhen(condition: () => boolean, signal: NodeJS.Signals = 'SIGKILL') {
  await eventually(
    async () => {
      if (clientFailure !== undefined) throw clientFailure;
      return condition() ? true : undefined;
    },
    `the moment to kill (${answered()} answered)`,
    120_000,
  );
  const current = running;
  if (current === undefined) throw new Error('no runtime to kill');
  running = undefined;
  return stop(current, signal);
}

async function scanAll(endpoint: string) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: 'clientele', ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  client.destroy();
  return items;
}

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local runtime killed while it works', () => {
  it('processes every accepted submission exactly once across three SIGKILLs and a Ctrl-C', async () => {
    running = await started();
    token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim();
    for (const [name, roles] of [
      ['Sam Sales', ['sales']],
      ['Sue Service', ['service']],
      ['Sid Service', ['service']],
    ] as const) {
      const email = `${name.split(' ')[0]?.toLowerCase()}@faults.test`;
      expect((await api('POST', '/team', { name, email, roles })).status).toBe(201);
    }
    const field = (name: string, type = 'text', required = false) => ({ name, label: name, type, required });
    for (const kind of ['lead', 'support'] as const) {
      const form = await api('POST', '/forms', {
        name: `${kind} form`,
        kind,
        fields: [
          field('name', 'text', true),
          field('email', 'email', true),
          ...(kind === 'lead'
            ? [field('company')]
            : [field('product'), field('problem', 'text', true), field('priority')]),
        ],
      });
      expect(form.status, form.text).toBe(201);
      forms[kind] = form.json.id;
    }

    const sendAll = (from: number, to: number) => {
      let next = from;
      const clients = Array.from({ length: CLIENTS }, async () => {
        while (next < to) {
          const index = next++;
          const planned = plan[index];
          if (planned !== undefined) await send(planned, index);
        }
      });
      const all = Promise.all(clients);
      all.catch((error: unknown) => {
        clientFailure = error;
      });
      return all;
    };
    const clock = Date.now();
    const phase = (name: string) => console.log(`${name}: ${answered()} answered, ${Date.now() - clock} ms`);
    const KILLED = SUBMISSIONS - 40;
    const first = sendAll(0, KILLED);

    // Early: a few answers in, most submissions not even sent.
    expect(await killWhen(() => answered() >= 15)).toBe('SIGKILL');
    phase('SIGKILL early');
    running = await started();
    // In the middle: requests, the stream and the automations all busy.
    expect(await killWhen(() => answered() >= KILLED / 2)).toBe('SIGKILL');
    phase('SIGKILL in the middle');
    running = await started();
    // Right after the last answer: the automations for the last submissions have barely begun.
    expect(await killWhen(() => answered() === KILLED)).toBe('SIGKILL');
    phase('SIGKILL after the last answer');
    await first;

    // Ctrl-C in a terminal: SIGINT to the whole foreground process group, right after the last of another
    // 40 submissions was answered, with their automations under way.
    running = await started();
    phase('started again');
    await sendAll(KILLED, SUBMISSIONS);
    const ctrlC = running;
    running = undefined;
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
      ctrlC.child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    if (ctrlC.child.pid === undefined) throw new Error('no pid');
    process.kill(-ctrlC.child.pid, 'SIGINT');
    expect(await exited).toBe(0);
    phase('SIGINT');
    expect(ctrlC.output()).not.toMatch(/dead-lettered|unhandled rejection/);

    // The last start drains what is left.
    running = await started();
    const ids = plan.map((planned) => planned.id);
    await eventually(
      async () => {
        const page = await api('GET', `/health`);
        if (page.status !== 200) return undefined;
        const items = await scanAll(running?.dynamodbEndpoint ?? '');
        const submissions = items.filter((item) => item.type === 'Submission');
        const done = submissions.every((item) => item.status === 'processed');
        const pending = readdirSync(join(dataDir, 'deliveries')).length;
        return done && pending === 0 ? true : undefined;
      },
      'every submission processed and no delivery pending',
      120_000,
    );
    phase('drained');
    const items = await scanAll(running.dynamodbEndpoint);
    const ofType = (type: string) => items.filter((item) => item.type === type);

    // Every answered submission is stored once, and only those (a retried request is the same submission).
    const submissions = ofType('Submission');
    expect(submissions.map((item) => item.id).sort()).toEqual([...new Set(ids)].sort());
    expect(new Set(ids).size).toBe(SUBMISSIONS);
    for (const submission of submissions) expect(submission.status).toBe('processed');

    // One contact per visitor, one form interaction per submission, one follow-up per lead, one ticket
    // and one e-mail (to its assignee, written once to the mailbox) per support request.
    const visitors = ofType('Contact').filter((item) => String(item.email).endsWith('@faults.test'));
    expect(visitors.map((item) => item.email).sort()).toEqual(plan.map((planned) => planned.email).sort());
    const interactions = ofType('Interaction').filter((item) => item.channel === 'form');
    expect(interactions.map((item) => item.id).sort()).toEqual([...ids].sort());
    const leads = plan.filter((planned) => planned.kind === 'lead').map((planned) => planned.id);
    const support = plan.filter((planned) => planned.kind === 'support').map((planned) => planned.id);
    expect(
      ofType('Task')
        .map((item) => item.id)
        .sort(),
    ).toEqual([...leads].sort());
    expect(
      ofType('Ticket')
        .map((item) => item.id)
        .sort(),
    ).toEqual([...support].sort());
    const mails = ofType('Mail');
    expect(mails.map((item) => item.id).sort()).toEqual([...support].sort());
    for (const mail of mails) expect(mail.status).toBe('sent');
    const mailbox = readdirSync(join(dataDir, 'mail')).filter((name) => name.endsWith('.eml'));
    expect(mailbox.sort()).toEqual(support.map((id) => `${id}.eml`).sort());

    // Nothing gave up, nothing is left over.
    expect(lines(join(dataDir, 'dead-letters.jsonl'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'deliveries'))).toEqual([]);
  }, 420_000);

  it('measures whether DynamoDB Local keeps an acknowledged write when its JVM is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clientele-ddb-durability-'));
    // Bounded by the runtime's own start, so none of the runtime is involved: only the database.
    const first = await startDynamoDbLocal({ port: 0, dataDir: dir });
    const raw = new DynamoDBClient({
      endpoint: first.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await raw.send(
      new CreateTableCommand({
        TableName: 'durability',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const WRITES = 200;
    for (let index = 0; index < WRITES; index++) {
      await raw.send(new PutItemCommand({ TableName: 'durability', Item: { pk: { S: `item-${index}` } } }));
    }
    raw.destroy();
    // SIGKILL of the JVM right after the last acknowledged write.
    await first.kill();
    const second = await startDynamoDbLocal({ port: 0, dataDir: dir });
    const again = new DynamoDBClient({
      endpoint: second.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Count } = await again.send(new RawScan({ TableName: 'durability', Select: 'COUNT' }));
    again.destroy();
    await second.stop();
    rmSync(dir, { recursive: true, force: true });
    console.log(
      `DynamoDB Local durability: ${Count}/${WRITES} acknowledged writes survived SIGKILL of its JVM`,
    );
    // What the README states: every acknowledged write survives.
    expect(Count).toBe(WRITES);
  }, 120_000);
});
