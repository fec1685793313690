// Follow the test table's stream (DynamoDB Local) from a point taken when a test starts, and hand back what
// happened to given items since: each change record as Lambda would receive it, and the domain event it makes.
// The whole integration run shares one table, so a tail reads every record once and files it by item key.
// LATEST is reliable in DynamoDB Local: the iterator is the shard's end when it is taken.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { type DomainEvent, toDomainEvent } from '../../functions/events/events.ts';
import { dynamodb } from '../../functions/platform/clients.ts';
import { requireEnv } from '../../functions/platform/env.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { toLambdaRecord } from '../../local/stream-poller.ts';

const REGION = 'us-east-1';
// Same endpoint and credentials as the handlers (test/setup-env.ts sets them before this module loads).
const streams = new DynamoDBStreamsClient({ endpoint: requireEnv('DYNAMODB_ENDPOINT'), region: REGION });

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface Change {
  /** The record as the relay's event source mapping hands it over (empty maps restored). */
  readonly record: DynamoDBRecord;
  /** What the relay would publish for it, if anything. */
  readonly event: DomainEvent | undefined;
}

export interface ChangesOptions {
  /** Keep reading until the item's changes satisfy this (DynamoDB Local is usually caught up at once). */
  readonly until?: (changes: readonly Change[]) => boolean;
  /** How long to wait for `until` before returning what there is; default 5 s. */
  readonly timeoutMs?: number;
}

interface ShardState {
  iterator?: string;
  parent?: string;
  /** Closed and read to its end (or already closed when the tail started). */
  done: boolean;
}

const itemKey = (pk: unknown, sk: unknown) => `${String(pk)}\u0000${String(sk)}`;

export class StreamTail {
  private readonly byItem = new Map<string, DynamoDBRecord[]>();
  private reading: Promise<void> | undefined;

  private constructor(
    private readonly streamArn: string,
    private readonly shards: Map<string, ShardState>,
  ) {}

  /** A tail that sees only what is written from now on: LATEST on the open shards, closed ones skipped. */
  static async fromNow(): Promise<StreamTail> {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    const streamArn = Table?.LatestStreamArn;
    if (streamArn === undefined) throw new Error(`Table ${TABLE_NAME} has no stream`);
    const states = new Map<string, ShardState>();
    for (const shard of await listShards(streamArn)) {
      const shardId = shard.ShardId;
      if (shardId === undefined) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      const state: ShardState = {
        done: closed,
        ...(shard.ParentShardId ? { parent: shard.ParentShardId } : {}),
      };
      if (!closed) {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: 'LATEST',
          }),
        );
        if (ShardIterator === undefined) state.done = true;
        else state.iterator = ShardIterator;
      }
      states.set(shardId, state);
    }
    return new StreamTail(streamArn, states);
  }

  /** The item's changes since the tail started, oldest first, each with its domain event. */
  async changes(key: ItemKey, options: ChangesOptions = {}): Promise<Change[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 5_000);
    for (;;) {
      await this.catchUp();
      const changes = (this.byItem.get(itemKey(key.pk, key.sk)) ?? []).map((record) => ({
        record,
        event: toDomainEvent(record),
      }));
      if (options.until === undefined || options.until(changes) || Date.now() > deadline) return changes;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Read every shard up to its end for now. Reads queue up, so no record is read twice and none missed. */
  private catchUp(): Promise<void> {
    const read = (this.reading ?? Promise.resolve()).catch(() => undefined).then(() => this.readAll());
    this.reading = read;
    return read;
  }

  private async readAll(): Promise<void> {
    // Shards that appeared since the start (a closed shard's children) are read from their beginning.
    for (const shard of await listShards(this.streamArn)) {
      const shardId = shard.ShardId;
      if (shardId === undefined || this.shards.has(shardId)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      this.shards.set(shardId, {
        done: ShardIterator === undefined,
        ...(ShardIterator === undefined ? {} : { iterator: ShardIterator }),
        ...(shard.ParentShardId ? { parent: shard.ParentShardId } : {}),
      });
    }
    // An item's changes stay in order only if a parent is read to its end before its children.
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const state of this.shards.values()) {
        if (state.done) continue;
        const parent = state.parent === undefined ? undefined : this.shards.get(state.parent);
        if (parent !== undefined && !parent.done) continue;
        await this.readShard(state);
        if (state.done) progressed = true;
      }
    }
  }

  /** Page through one shard until an empty page (caught up) or its end (closed). */
  private async readShard(state: ShardState): Promise<void> {
    while (state.iterator !== undefined) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
      for (const raw of page.Records ?? []) {
        const record = toLambdaRecord(raw, this.streamArn, REGION);
        const keys = raw.dynamodb?.Keys;
        const key = itemKey(keys?.pk?.S, keys?.sk?.S);
        const records = this.byItem.get(key);
        if (records === undefined) this.byItem.set(key, [record]);
        else records.push(record);
      }
      if (page.NextShardIterator === undefined) {
        delete state.iterator;
        state.done = true;
        return;
      }
      // An open shard always hands back a next iterator, even at its end: an empty page means caught up.
      state.iterator = page.NextShardIterator;
      if ((page.Records ?? []).length === 0) return;
    }
  }
}

async function listShards(streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start !== undefined);
  return shards;
}
