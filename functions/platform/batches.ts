// Long work on many records (an account's deletion, a merge), done in batches that survive a crash. A job is
// one record: each batch is one transaction that writes the batch's items *and* the job's next version (on the
// version read), so a batch happens once or not at all and of two runs racing one batch only one commits. A
// run is a fixed share of batches; its last batch hands over to the next run, through the job record's own
// stream event. A run cut short fails, so the platform runs it again on the same event; it goes on from what
// is left. A stale event (an earlier run's) finds the run moved on and does nothing.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { currentActor } from './actor.ts';
import { documentClient } from './clients.ts';
import { type TransactItem, TransactionRefused, transact } from './store.ts';
import { TABLE_NAME } from './table-name.ts';

/** Items one transaction writes (DynamoDB takes 100 per transaction; the job's own write is one). */
export const PER_BATCH = 99;
/** Batches one run commits before handing over: about 2,000 items, well inside a rule function's 30 s. */
export const BATCHES_PER_RUN = 20;

/** What every batched job record keeps. */
export interface BatchedJob {
  readonly state: string;
  /** Transactions committed so far. */
  readonly batches: number;
  /** Function runs so far: each run does a bounded share and hands the rest to the next. */
  readonly run: number;
  /** This version hands the rest to a new run (what the rule that continues the work matches). */
  readonly handOver: boolean;
  readonly updatedAt: string;
  readonly updatedBy?: string | undefined;
  readonly version: number;
}

/** One batch as planned from the job read: the job as it is after it, and the items it writes. */
export interface PlannedBatch<J> {
  readonly next: J;
  readonly items: readonly TransactItem[];
  /** The job is finished with this batch (its `next` says how). */
  readonly last: boolean;
}

export interface RunOutcome {
  readonly outcome: 'done' | 'handed-over' | 'not-this-run';
  readonly batches: number;
}

export interface BatchedRun<J extends BatchedJob> {
  /** The job record as it is now (a consistent read), or undefined when there is none. */
  readonly read: () => Promise<J | undefined>;
  /** The job's write in a batch, on the version read. */
  readonly write: (read: J, next: J) => TransactItem;
  /** The next batch of a running job: what it writes, and the job after it (counts, cursor, state). */
  readonly plan: (read: J, at: string) => Promise<PlannedBatch<J>>;
  /** The run this invocation is for (the handed-over version's `run`). */
  readonly run: number;
  readonly now: () => Date;
  /** A test's way in, to cut a run short. */
  readonly afterBatch?: ((batch: number) => Promise<void> | void) | undefined;
  /** Refusals of a batch's own items (a record changed meanwhile) borne before letting the platform retry. */
  readonly refusals?: number;
}

/** A job's write in a batch: on the version read, so of two runs racing one batch only one commits. */
export const versionedWrite =
  <J extends { version: number }>(item: (job: J) => Record<string, unknown>) =>
  (read: J, next: J): TransactItem => ({
    Put: {
      TableName: TABLE_NAME,
      Item: item(next),
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': read.version },
    },
  });

/** A job's first version that a run picks up: running, run 1, handed over (what the request writes). */
export const firstRun = { run: 1, handOver: true, batches: 0 } as const;

/**
 * One run of a job: batches until the job is finished or the run's share is done, when the last batch hands
 * over to the next run. A job not running, or a run that is not the current one, does nothing.
 */
export async function runBatches<J extends BatchedJob>(spec: BatchedRun<J>): Promise<RunOutcome> {
  for (let batch = 1, refusals = 0; ; ) {
    const read = await spec.read();
    if (read === undefined || read.state !== 'running' || read.run !== spec.run) {
      return { outcome: 'not-this-run', batches: batch - 1 };
    }
    const at = spec.now().toISOString();
    const planned = await spec.plan(read, at);
    // Runs are fixed shares of batches, so a run done again (cut short) goes on with its own share.
    const handOver = !planned.last && (read.batches + 1) % BATCHES_PER_RUN === 0;
    const next: J = {
      ...planned.next,
      batches: read.batches + 1,
      handOver,
      run: handOver ? spec.run + 1 : spec.run,
      updatedAt: at,
      updatedBy: currentActor(),
      version: read.version + 1,
    };
    try {
      await transact([spec.write(read, next), ...planned.items]);
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      // Another run committed this batch (read again: the run may have moved on), or an item changed
      // meanwhile: read again, a few times, before letting the platform retry.
      if (!error.failedAt(0) && ++refusals > (spec.refusals ?? 5)) throw error;
      continue;
    }
    if (planned.last) return { outcome: 'done', batches: batch };
    if (handOver) return { outcome: 'handed-over', batches: batch };
    await spec.afterBatch?.(batch);
    batch += 1;
  }
}

/** Every page of a Query on the table. */
export async function* partitionPages(input: Omit<QueryCommandInput, 'TableName'>) {
  let start = input.ExclusiveStartKey;
  do {
    const page = await documentClient.send(
      new QueryCommand({ TableName: TABLE_NAME, ...input, ExclusiveStartKey: start }),
    );
    yield page;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

export async function* partitionItems(input: Omit<QueryCommandInput, 'TableName'>) {
  for await (const page of partitionPages(input)) yield* page.Items ?? [];
}
