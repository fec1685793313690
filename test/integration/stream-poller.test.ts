// The local stream poller, idle and woken, against DynamoDB Local on a table of its own (no other test's writes
// reach its stream): with nothing happening its pauses grow to the idle interval, so it asks the stream less
// and less; poke() — what the runtime's clients call after each write — reads a new record at once, in the
// middle of a long pause; and a poll is read through (every record written before it read) while a writer never
// lets the stream be empty.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { StreamPoller } from '../../local/stream-poller.ts';
import { useOwnTable } from '../support/own-table.ts';

const table = await useOwnTable('poller');
const dir = mkdtempSync(join(tmpdir(), 'clientele-poller-'));
const config = {
  endpoint: inject('dynamodbEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
const dynamodb = new DynamoDBClient(config);
const streams = new DynamoDBStreamsClient(config);
let asked = 0;
streams.middlewareStack.add(
  (next, context) => async (args) => {
    if (context.commandName === 'GetRecordsCommand') asked++;
    return next(args);
  },
  { step: 'initialize', name: 'countGetRecords' },
);
const seen: string[] = [];
const poller = new StreamPoller({
  dynamodb,
  streams,
  tableName: table,
  handler: async (event) => {
    for (const record of event.Records) seen.push(String(record.dynamodb?.Keys?.pk?.S));
    return { batchItemFailures: [] };
  },
  checkpointFile: join(dir, 'checkpoint.json'),
  deadLetterFile: join(dir, 'dead-letters.jsonl'),
  log: () => undefined,
  region: 'us-east-1',
  // Pauses of 10, 20, 40 … ms from the first empty poll, up to a minute.
  intervalMs: 10,
  idleIntervalMs: 60_000,
  fastPolls: 0,
});
afterAll(async () => {
  await poller.stop();
  dynamodb.destroy();
  streams.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the local stream poller', () => {
  it('asks the stream less and less while nothing happens, and reads a poked write at once', async () => {
    poller.start();
    await poller.idle();
    const before = asked;
    await sleep(6_000);
    // At 10 ms apart, 6 s would be about 600 polls; pauses doubling from 10 ms make 10 (each asking every open
    // shard: no more than the catch-up asked).
    expect(asked - before).toBeLessThanOrEqual(11 * Math.max(1, before));
    // Now in a pause of 5 s (from 5.1 s to 10.2 s): a write and a poke, and the record is read at once.
    await dynamodb.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'POKED' }, sk: { S: 'POKED' } } }),
    );
    const poked = Date.now();
    poller.poke();
    while (!seen.includes('POKED') && Date.now() - poked < 2_000) await sleep(20);
    expect(seen).toContain('POKED');
  });

  it('is read through while a writer keeps the stream from ever being empty (what a start waits for)', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await dynamodb.send(
          new PutItemCommand({ TableName: table, Item: { pk: { S: `BUSY#${written}` }, sk: { S: 'BUSY' } } }),
        );
        written += 1;
        poller.poke();
      }
    })();
    try {
      while (written < 150) await sleep(10);
      const at = written;
      await poller.readThrough();
      // Everything written before the call has been read, though the writer never stopped.
      for (let n = 0; n < at; n++) expect(seen).toContain(`BUSY#${n}`);
      expect(written).toBeGreaterThan(at);
    } finally {
      writing = false;
      await writer;
    }
  });
});
