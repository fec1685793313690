// Reads DynamoDB Local's stream the way Lambda's event source mapping reads DynamoDB's: shard by shard, in
// order, batches handed to the same relay handler. Batch item failures are retried from the first failed
// record; what still fails after the retries goes to the dead-letter file (the on-failure destination).
// Progress is checkpointed under $DATA_DIR so a restart resumes where it stopped.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

export interface PollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly handler: StreamHandler;
  readonly checkpointFile: string;
  readonly deadLetterFile: string;
  readonly log: (line: string) => void;
  readonly region: string;
  /** How soon the stream is asked again while there is news (a write was seen, or records came). */
  readonly intervalMs?: number;
  /** The longest pause once nothing has happened for a while (see poke: a write wakes the poller). */
  readonly idleIntervalMs?: number;
  /** Empty polls at `intervalMs` after the last news, before the pauses grow (doubling) to the idle one. */
  readonly fastPolls?: number;
  readonly batchSize?: number;
  /** Retries of a failing batch before its records are dead-lettered (the mapping's retryAttempts). */
  readonly retryAttempts?: number;
  readonly retryDelayMs?: number;
}

interface Checkpoint {
  streamArn?: string;
  shards: Record<string, { sequence?: string; done?: boolean }>;
}

/**
 * How often the shard list is described again regardless: a shard that closes says so itself (its iterator
 * ends, and the list is described at once), so this only catches what nothing announced.
 */
const SHARD_REFRESH_MS = 60_000;

export class StreamPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private lastPollAt = 0;
  private streamArn: string | undefined;
  private readonly iterators = new Map<string, string>();
  private checkpoint: Checkpoint;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  /** Waiting for the next poll to be read through; moved to `reading` when that poll starts. */
  private throughWaiters: (() => void)[] = [];
  /** Polls that found nothing since the last news. */
  private quietPolls = 0;
  private readonly stopping = new AbortController();

  constructor(private readonly options: PollerOptions) {
    this.checkpoint = existsSync(options.checkpointFile)
      ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Checkpoint)
      : { shards: {} };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.stopping.abort();
    await this.loop;
  }

  /** Sleep between retries, cut short by stop(). */
  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  /** Up when the loop runs and has completed a poll recently. */
  healthy(): boolean {
    return this.running && Date.now() - this.lastPollAt < 15_000;
  }

  /**
   * News: something was written to the table (the runtime's clients say so after each write), so its stream
   * record is read at once and the stream asked at the fast interval for a while. Idle, the poller asks at most
   * once per idle interval: a write from outside this process waits for that.
   */
  poke(): void {
    this.quietPolls = 0;
    this.wake?.();
  }

  /** Resolves after the next complete poll that found nothing new (for tests and benchmarks). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake?.();
    });
  }

  /**
   * Resolves after the next complete poll: every shard read up to what it held when that poll reached it.
   * Unlike idle(), it comes while handlers keep writing (a long import), so a start does not wait for them.
   */
  readThrough(): Promise<void> {
    return new Promise((resolve) => {
      this.throughWaiters.push(resolve);
      this.wake?.();
    });
  }

  private async run(): Promise<void> {
    const interval = this.options.intervalMs ?? 25;
    const idleInterval = Math.max(interval, this.options.idleIntervalMs ?? 3_000);
    const fastPolls = this.options.fastPolls ?? 40;
    while (this.running) {
      let sawRecords = false;
      const reading = this.throughWaiters;
      this.throughWaiters = [];
      try {
        sawRecords = await this.pollOnce();
        this.lastPollAt = Date.now();
        for (const resolve of reading) resolve();
      } catch (error) {
        this.throughWaiters.push(...reading);
        this.options.log(`stream: poll failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!sawRecords) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
      this.quietPolls = sawRecords ? 0 : this.quietPolls + 1;
      if (!sawRecords && this.running) {
        const pause =
          this.quietPolls <= fastPolls
            ? interval
            : Math.min(idleInterval, interval * 2 ** Math.min(30, this.quietPolls - fastPolls));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  private async pollOnce(): Promise<boolean> {
    const streamArn = await this.currentStreamArn();
    if (streamArn === undefined) return false;
    const shards = await this.currentShards(streamArn);
    let sawRecords = false;
    for (const shard of orderParentsFirst(shards)) {
      const shardId = shard.ShardId;
      if (shardId === undefined || this.checkpoint.shards[shardId]?.done) continue;
      const parent = shard.ParentShardId;
      if (
        parent !== undefined &&
        shards.some((s) => s.ShardId === parent) &&
        !this.checkpoint.shards[parent]?.done
      ) {
        continue;
      }
      sawRecords = (await this.readShard(streamArn, shardId)) || sawRecords;
    }
    return sawRecords;
  }

  private async currentStreamArn(): Promise<string | undefined> {
    if (this.streamArn !== undefined) return this.streamArn;
    const { Table } = await this.options.dynamodb.send(
      new DescribeTableCommand({ TableName: this.options.tableName }),
    );
    const arn = Table?.LatestStreamArn;
    if (arn === undefined) return undefined;
    if (this.checkpoint.streamArn !== arn) this.checkpoint = { streamArn: arn, shards: {} };
    this.streamArn = arn;
    return arn;
  }

  private shards: { list: Shard[]; at: number } | undefined;

  /** The stream's shards, described again every few seconds or when one closes (shards change rarely). */
  private async currentShards(streamArn: string): Promise<Shard[]> {
    if (this.shards === undefined || Date.now() - this.shards.at > SHARD_REFRESH_MS) {
      this.shards = { list: await this.listShards(streamArn), at: Date.now() };
    }
    return this.shards.list;
  }

  private async listShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start !== undefined);
    return shards;
  }

  private async iteratorFor(streamArn: string, shardId: string): Promise<string | undefined> {
    const known = this.iterators.get(shardId);
    if (known !== undefined) return known;
    const sequence = this.checkpoint.shards[shardId]?.sequence;
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(sequence === undefined
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequence }),
      }),
    );
    return ShardIterator;
  }

  /** Read one shard up to what it holds now; true if it yielded records. */
  private async readShard(streamArn: string, shardId: string): Promise<boolean> {
    let sawRecords = false;
    for (;;) {
      const iterator = await this.iteratorFor(streamArn, shardId);
      if (iterator === undefined) return sawRecords;
      let page: { Records?: StreamRecord[]; NextShardIterator?: string };
      try {
        page = await this.options.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }),
        );
      } catch (error) {
        if (error instanceof ExpiredIteratorException) {
          this.iterators.delete(shardId);
          continue;
        }
        if (error instanceof TrimmedDataAccessException) {
          this.iterators.delete(shardId);
          delete this.checkpoint.shards[shardId];
          continue;
        }
        throw error;
      }
      const records = page.Records ?? [];
      if (records.length > 0) {
        sawRecords = true;
        // Stopped while retrying: the checkpoint stays before these records, read again on the next start.
        if (!(await this.deliver(streamArn, records))) return sawRecords;
        this.checkpoint.shards[shardId] = { sequence: records[records.length - 1]?.dynamodb?.SequenceNumber };
      }
      if (page.NextShardIterator === undefined) {
        this.iterators.delete(shardId);
        this.shards = undefined; // a closed shard has a child: look again
        this.checkpoint.shards[shardId] = { ...this.checkpoint.shards[shardId], done: true };
        this.save();
        return sawRecords;
      }
      this.iterators.set(shardId, page.NextShardIterator);
      if (records.length > 0) this.save();
      // A page short of the limit reached what the shard held when it was read: this round is through (the
      // next starts at once), so a poll ends even while writers keep the shard from ever being empty.
      if (records.length < (this.options.batchSize ?? 100)) return sawRecords;
    }
  }

  /**
   * Hand records to the handler; retry from the first failed record, then dead-letter the rest. False when
   * the poller was stopped before the records were through: neither delivered nor dead-lettered.
   */
  private async deliver(streamArn: string, records: StreamRecord[]): Promise<boolean> {
    let pending = records.map((record) => toLambdaRecord(record, streamArn, this.options.region));
    const attempts = (this.options.retryAttempts ?? 5) + 1;
    for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
      let firstFailed: number;
      try {
        const response = await this.options.handler({ Records: pending });
        const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        firstFailed = pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
      } catch (error) {
        this.options.log(`stream: handler failed: ${error instanceof Error ? error.message : String(error)}`);
        firstFailed = 0;
      }
      if (firstFailed === -1) return true;
      if (!this.running) return false;
      pending = pending.slice(firstFailed);
      this.options.log(`stream: ${pending.length} record(s) to retry (attempt ${attempt}/${attempts})`);
      if (attempt < attempts) await this.pause((this.options.retryDelayMs ?? 200) * 2 ** (attempt - 1));
      if (!this.running) return false;
    }
    for (const record of pending) {
      appendFileSync(
        this.options.deadLetterFile,
        `${JSON.stringify({ kind: 'stream', failedAt: new Date().toISOString(), attempts, record })}\n`,
      );
    }
    this.options.log(`stream: dead-lettered ${pending.length} record(s)`);
    return true;
  }

  /** A whole new file renamed into place: a process killed mid-write leaves the previous checkpoint. */
  private save(): void {
    const temporary = `${this.options.checkpointFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.checkpoint));
    renameSync(temporary, this.options.checkpointFile);
  }
}

function orderParentsFirst(shards: Shard[]): Shard[] {
  const ids = new Set(shards.map((shard) => shard.ShardId));
  const ordered: Shard[] = [];
  const placed = new Set<string | undefined>();
  const place = (shard: Shard) => {
    if (placed.has(shard.ShardId)) return;
    const parent = shards.find((candidate) => candidate.ShardId === shard.ParentShardId);
    if (parent !== undefined && ids.has(parent.ShardId)) place(parent);
    placed.add(shard.ShardId);
    ordered.push(shard);
  };
  for (const shard of shards) place(shard);
  return ordered;
}

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
type Attribute = Image[string];

/**
 * The SDK's streams client deserialises an empty map attribute ({"M":{}}) to {}; an attribute value with no
 * type can only have been that (empty lists, sets and strings keep their type), so put the type back.
 */
function repairImage(image: Record<string, unknown> | undefined): Image | undefined {
  if (image === undefined) return undefined;
  const repaired: Image = {};
  for (const [name, value] of Object.entries(image)) repaired[name] = repairAttribute(value);
  return repaired;
}

function repairAttribute(value: unknown): Attribute {
  const attribute = (value ?? {}) as Record<string, unknown>;
  if (Object.keys(attribute).length === 0) return { M: {} };
  if (attribute.M !== undefined) return { M: repairImage(attribute.M as Record<string, unknown>) ?? {} };
  if (Array.isArray(attribute.L)) return { L: attribute.L.map(repairAttribute) };
  return attribute as Attribute;
}

/** The record as Lambda's event source mapping hands it over (times in epoch seconds). */
export function toLambdaRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const change = record.dynamodb;
  const approximate = change?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
    dynamodb: {
      ...(approximate === undefined
        ? {}
        : { ApproximateCreationDateTime: Math.floor(approximate.getTime() / 1000) }),
      Keys: repairImage(change?.Keys),
      ...(change?.NewImage ? { NewImage: repairImage(change.NewImage) } : {}),
      ...(change?.OldImage ? { OldImage: repairImage(change.OldImage) } : {}),
      SequenceNumber: change?.SequenceNumber,
      SizeBytes: change?.SizeBytes,
      StreamViewType: change?.StreamViewType,
    },
  };
}
