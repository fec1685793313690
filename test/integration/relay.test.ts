// The outbox relay end to end against DynamoDB Local's stream and the local bus: chunks of at most 10,
// refused entries retried, what cannot be published reported as batch item failures, and a crash between
// reading the stream and publishing → the event still arrives, once.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalBus, type PutEventsEntry } from '../../local/bus.ts';
import { lambdaContext } from '../../local/proxy-event.ts';
import { StreamPoller } from '../../local/stream-poller.ts';

const dir = mkdtempSync(join(tmpdir(), 'clientele-relay-'));
const archive = join(dir, 'events.jsonl');
const refusals = new Map<string, number>();
let refuse: (entry: PutEventsEntry) => boolean = () => false;
const bus = new LocalBus({
  name: 'clientele-test',
  region: 'us-east-1',
  rules: [],
  target: async () => async () => undefined,
  archiveFile: archive,
  deadLetterFile: join(dir, 'dead-letters.jsonl'),
  journalDir: join(dir, 'deliveries'),
  log: () => undefined,
  refuseEntry: (entry) => refuse(entry),
});

type Relay = (event: DynamoDBStreamEvent, context: unknown) => Promise<DynamoDBBatchResponse>;
let relay: Relay;

beforeAll(async () => {
  process.env.EVENTBRIDGE_ENDPOINT = await bus.listen();
  process.env.EVENT_BUS_NAME = 'clientele-test';
  relay = ((await import('../../functions/events/handlers/relay-table-changes.ts')) as { handler: Relay })
    .handler;
});
afterAll(() => bus.close());

const archived = () =>
  existsSync(archive)
    ? readFileSync(archive, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { 'detail-type': string; detail: { id: string; eventId: string } })
    : [];

function insert(id: string, sequence: number): DynamoDBRecord {
  const now = new Date().toISOString();
  const item = {
    pk: `ACCOUNT#${id}`,
    sk: 'ACCOUNT',
    type: 'Account',
    id,
    name: `Relay ${id}`,
    relationship: 'customer',
    audience: 'external',
    lifecycleStage: 'lead',
    tags: [],
    custom: {},
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return {
    eventName: 'INSERT',
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item) as never,
      SequenceNumber: String(sequence).padStart(21, '0'),
    },
  };
}

const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

describe('relay-table-changes', () => {
  it('publishes 25 changes in chunks of ≤ 10 and retries the entries PutEvents refused', async () => {
    const batch = ids('CHUNK', 25);
    refuse = (entry) => {
      const id = String((JSON.parse(entry.Detail ?? '{}') as { id?: string }).id);
      const seen = refusals.get(id) ?? 0;
      refusals.set(id, seen + 1);
      return batch.indexOf(id) % 4 === 0 && seen === 0; // every 4th entry refused once
    };
    const result = await relay({ Records: batch.map((id, i) => insert(id, i + 1)) }, lambdaContext('relay'));
    expect(result.batchItemFailures).toEqual([]);
    const events = archived().filter((event) => batch.includes(event.detail.id));
    expect(events.map((event) => event.detail.id).sort()).toEqual([...batch].sort());
    expect(events.every((event) => event['detail-type'] === 'AccountCreated')).toBe(true);
    expect(refusals.get(batch[0] as string)).toBe(2);
  });

  it('reports the records it could not publish as batch item failures, and only those', async () => {
    const batch = ids('STUCK', 4);
    refuse = (entry) => (JSON.parse(entry.Detail ?? '{}') as { id?: string }).id === batch[2];
    const result = await relay(
      { Records: batch.map((id, i) => insert(id, 1000 + i)) },
      lambdaContext('relay'),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: String(1002).padStart(21, '0') }]);
    const published = archived()
      .filter((event) => batch.includes(event.detail.id))
      .map((event) => event.detail.id);
    expect(published.sort()).toEqual([batch[0], batch[1], batch[3]]);
  });

  async function createAccountRecord(): Promise<string> {
    const { handler: createAccount } = await import('../../functions/accounts/handlers/create-account.ts');
    const { call } = await import('../support/api.ts');
    const created = await call(createAccount, 'POST', {
      resource: '/accounts',
      body: { name: 'Crash Test' },
    });
    expect(created.status).toBe(201);
    return created.json.id;
  }

  async function createSubmission(): Promise<string> {
    const { handler: createForm } = await import('../../functions/forms/handlers/create-form.ts');
    const { handler: submit } = await import('../../functions/forms/handlers/submit-form.ts');
    const { call } = await import('../support/api.ts');
    const form = await call(createForm, 'POST', {
      resource: '/forms',
      body: {
        name: 'Crash form',
        kind: 'contact',
        fields: [{ name: 'email', label: 'E-mail', type: 'email', required: true }],
      },
    });
    const submitted = await call(submit, 'POST', {
      resource: '/forms/{id}/submissions',
      params: { id: form.json.id },
      body: { email: `crash.${Date.now()}@example.com` },
      sub: null,
    });
    expect(submitted.status).toBe(202);
    return submitted.json.submissionId;
  }

  it.each([
    ['AccountCreated', false, createAccountRecord],
    ['FormSubmitted', true, createSubmission],
  ] as const)(
    'delivers %s once when the relay crashes between reading the stream and publishing (PutEvents refuses it once: %s)',
    async (detailType, refuseOnce, create) => {
      const id = await create();
      let refusedOnce = false;
      refuse = (entry) => {
        if (!refuseOnce || refusedOnce || !String(entry.Detail).includes(id)) return false;
        refusedOnce = true;
        return true;
      };
      const config = {
        endpoint: inject('dynamodbEndpoint'),
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      };
      let crashed = false;
      const poller = new StreamPoller({
        dynamodb: new DynamoDBClient(config),
        streams: new DynamoDBStreamsClient(config),
        tableName: inject('tableName'),
        handler: async (event) => {
          const ours = event.Records.some((record) => JSON.stringify(record.dynamodb?.Keys).includes(id));
          if (ours && !crashed) {
            crashed = true;
            throw new Error('injected crash: records read, nothing published');
          }
          return relay(event, lambdaContext('relay'));
        },
        checkpointFile: join(dir, `checkpoint-${detailType}.json`),
        deadLetterFile: join(dir, 'stream-dead-letters.jsonl'),
        log: () => undefined,
        region: 'us-east-1',
        intervalMs: 50,
        retryDelayMs: 20,
      });
      poller.start();
      try {
        const deadline = Date.now() + 30_000;
        while (!archived().some((event) => event.detail.id === id) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await poller.idle();
      } finally {
        await poller.stop();
      }
      expect(crashed).toBe(true);
      expect(refusedOnce).toBe(refuseOnce);
      const ours = archived().filter(
        (event) => event.detail.id === id && event['detail-type'] === detailType,
      );
      expect(ours).toHaveLength(1);
    },
  );
});
