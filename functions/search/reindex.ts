// Rebuilding the search index from the records, for a table that held records before the index (or a rebuild
// asked for): every account, contact, deal and ticket read from the type index, page by page, and indexed as it
// is now (a record indexed at its version already costs one read). Resumable: a checkpoint after each page says
// where it stands, so a run cut short (its time budget spent, or a crash) is continued by the next from there,
// and two runs at once do not both write it (the checkpoint is written on the version read).
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { accounts, contacts } from '../accounts/index.ts';
import { documentClient } from '../platform/clients.ts';
import { recordOf, TYPE_INDEX, typePartition } from '../platform/entity.ts';
import { queryAll, readItem, sendIfCondition } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { deals } from '../sales/index.ts';
import { tickets } from '../service/index.ts';
import { indexRecords, SIGNED } from './search-store.ts';
import type { SearchType } from './terms.ts';

export const REINDEX_CHECKPOINT = { pk: 'SEARCH#REINDEX', sk: 'SEARCH#REINDEX' } as const;

/** The types in the order a rebuild takes them, each with its type index partition. */
export const REINDEXED: readonly { readonly type: SearchType; readonly partition: string }[] = [
  { type: 'account', partition: typePartition(accounts.indexes.all.type) },
  { type: 'contact', partition: typePartition(contacts.indexes.all.type) },
  { type: 'deal', partition: typePartition(deals.indexes.all.type) },
  { type: 'ticket', partition: typePartition(tickets.indexes.all.type) },
];

export interface Reindex {
  readonly state: 'running' | 'done';
  /** The type being read, and the type index key after which it goes on. */
  readonly type: SearchType;
  readonly after?: Readonly<Record<string, string>>;
  /** Records read, and of those the ones whose index changed. */
  readonly read: number;
  readonly changed: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly version: number;
  /** The index layout it builds (search-store's SIGNED): a rebuild done for an earlier one starts again. */
  readonly layout?: number;
}

export async function getReindex(): Promise<Reindex | undefined> {
  const item = await readItem(REINDEX_CHECKPOINT);
  if (item === undefined) return undefined;
  // Stored with the type it reads as `reindexing` (`type` is the item's own tag).
  const { reindexing, ...rest } = recordOf<Omit<Reindex, 'type'> & { reindexing: SearchType }>(item);
  return { ...rest, type: reindexing };
}

const PAGE = 100;

/** Count the records a rebuild reads (for a progress bar), by type. */
export async function reindexTotals(): Promise<Record<SearchType, number>> {
  const totals = { account: 0, contact: 0, deal: 0, ticket: 0 };
  for (const { type, partition } of REINDEXED) {
    // A count: queryAll tallies what each page counted, and returns no items.
    const tally = { read: 0 };
    await queryAll(
      {
        TableName: TABLE_NAME,
        IndexName: TYPE_INDEX,
        KeyConditionExpression: `${TYPE_INDEX}pk = :type`,
        ExpressionAttributeValues: { ':type': partition },
        Select: 'COUNT',
      },
      tally,
    );
    totals[type] = tally.read;
  }
  return totals;
}

/**
 * One run of the rebuild: from the checkpoint (a new rebuild when there is none, or `restart`) until it is done
 * or `budgetMs` has passed. Returns where it stands; `busy` when another run wrote the checkpoint meanwhile.
 */
export async function continueReindex(
  at: Date,
  options: {
    readonly restart?: boolean;
    readonly budgetMs?: number;
    readonly onPage?: (reindex: Reindex) => void;
  } = {},
): Promise<Reindex & { readonly busy?: true }> {
  const held = await getReindex();
  // A rebuild done for an earlier layout of the index (or none) is not done for this one.
  const restart = options.restart === true || (held !== undefined && held.layout !== SIGNED);
  if (held?.state === 'done' && !restart) return held;
  let current: Reindex =
    held === undefined || restart
      ? {
          state: 'running',
          type: 'account',
          read: 0,
          changed: 0,
          startedAt: at.toISOString(),
          version: (held?.version ?? 0) + 1,
          layout: SIGNED,
        }
      : held;
  let written = held?.version ?? 0;
  if (current.version !== written) {
    if (!(await save(current, held === undefined ? undefined : written))) return { ...current, busy: true };
    written = current.version;
  }
  const deadline = Date.now() + (options.budgetMs ?? 240_000);
  while (current.state === 'running' && Date.now() < deadline) {
    const place = Math.max(
      0,
      REINDEXED.findIndex((entry) => entry.type === current.type),
    );
    const { type, partition } = REINDEXED[place] ?? { type: 'account', partition: '' };
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: TYPE_INDEX,
        KeyConditionExpression: `${TYPE_INDEX}pk = :type`,
        ExpressionAttributeValues: { ':type': partition },
        Limit: PAGE,
        ExclusiveStartKey: current.after,
      }),
    );
    const changed = await indexRecords(
      type,
      (page.Items ?? []).map((item) => recordOf<Record<string, unknown>>(item)),
    );
    const next = REINDEXED[place + 1];
    const after = page.LastEvaluatedKey as Record<string, string> | undefined;
    const { after: _after, ...rest } = current;
    current = {
      ...rest,
      read: current.read + (page.Items?.length ?? 0),
      changed: current.changed + changed,
      version: current.version + 1,
      ...(after !== undefined
        ? { type, after }
        : next !== undefined
          ? { type: next.type }
          : { state: 'done', finishedAt: new Date().toISOString() }),
    };
    if (!(await save(current, written))) return { ...current, busy: true };
    written = current.version;
    options.onPage?.(current);
  }
  return current;
}

/** The checkpoint written on the version read (or as the first). */
const save = (reindex: Reindex, read: number | undefined) =>
  sendIfCondition(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...withoutType(reindex),
        ...REINDEX_CHECKPOINT,
        type: 'SearchReindex',
        reindexing: reindex.type,
      },
      ...(read === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': read } }),
    }),
  );

const withoutType = ({ type: _type, ...rest }: Reindex) => rest;
