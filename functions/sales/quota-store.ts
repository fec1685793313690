// Where quotas are read and written: one item per owner and period, in the owner's index partition (their
// quotas) and in the period's (everyone's, what the period's report reads).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { recordOf } from '../platform/entity.ts';
import { Invalid, NotFound, Stale } from '../platform/errors.ts';
import { indexPage, readItem, replaceVersioned } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { quotaKey, quotas } from './entity.ts';
import type { Quota, QuotaInput, QuotaListQuery, QuotaPath } from './quota.ts';

const toQuota = (item: Record<string, unknown>) => recordOf<Quota>(item);
const what = (path: QuotaPath) => `The ${path.period} quota of ${path.ownerId} from ${path.start}`;

export async function getQuota(path: QuotaPath): Promise<Quota> {
  const item = await readItem(quotaKey(path));
  if (item === undefined) throw new NotFound('Quota', `${path.ownerId}/${path.period}/${path.start}`);
  return toQuota(item);
}

/** Set an owner's quota for a period: made, or replaced whole (If-Match: the version read). */
export const putQuota = (path: QuotaPath, input: QuotaInput, ifMatch: number | undefined, now: Date) =>
  replaceVersioned<Quota>({
    what: what(path),
    read: async () => {
      const item = await readItem(quotaKey(path));
      return item === undefined ? undefined : toQuota(item);
    },
    next: (current) => ({
      ownerId: path.ownerId,
      period: path.period,
      start: path.start,
      targets: input.targets,
      createdAt: current?.createdAt ?? now.toISOString(),
      ...(current?.createdBy === undefined ? {} : { createdBy: current.createdBy }),
      updatedAt: now.toISOString(),
      version: (current?.version ?? 0) + 1,
    }),
    item: (quota) => quotas.item(quota),
    ifMatch,
  });

/** Remove a quota (If-Match honoured); 404 when there is none. */
export async function deleteQuota(path: QuotaPath, ifMatch: number | undefined): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: TABLE_NAME,
        Key: quotaKey(path),
        ConditionExpression:
          ifMatch === undefined ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND version = :read',
        ...(ifMatch === undefined ? {} : { ExpressionAttributeValues: { ':read': ifMatch } }),
      }),
    );
    return;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  // Refused: say which — gone, or changed since the caller read it.
  const current = await readItem(quotaKey(path));
  if (current === undefined) throw new NotFound('Quota', `${path.ownerId}/${path.period}/${path.start}`);
  throw new Stale(`${what(path)} is at version ${String(current.version)}, not ${ifMatch}; read it again.`);
}

/**
 * Everyone's quotas for one period (by owner id), or one owner's (latest first within each period kind,
 * optionally of one kind) — or, given both, the one quota.
 */
export async function listQuotas(
  query: QuotaListQuery,
): Promise<{ items: Quota[]; nextCursor: string | null }> {
  const { byOwner, byPeriod } = quotas.indexes;
  const { ownerId, period, start } = query;
  if (ownerId !== undefined && period !== undefined && start !== undefined) {
    // The one quota, read from the period's partition like the rest (a cursor is checked the same way).
    const sk = `QUOTA#${ownerId}`;
    return indexPage({
      index: byPeriod,
      partition: byPeriod.partition(period, start),
      range: { from: sk, to: sk },
      query,
      toRecord: toQuota,
    });
  }
  if (ownerId !== undefined) {
    return indexPage({
      index: byOwner,
      partition: byOwner.partition(ownerId),
      range: { prefix: byOwner.prefix(period) },
      query,
      toRecord: toQuota,
      newestFirst: true,
    });
  }
  if (period === undefined || start === undefined) {
    throw new Invalid([{ path: 'query.ownerId', message: 'Give ownerId, or period and start.' }]);
  }
  return indexPage({
    index: byPeriod,
    partition: byPeriod.partition(period, start),
    query,
    toRecord: toQuota,
  });
}

/** Every owner's quota for one period (the report's read: a team is at most a few hundred owners). */
export async function quotasOf(period: Quota['period'], start: string): Promise<Quota[]> {
  const found: Quota[] = [];
  let cursor: string | undefined;
  do {
    const page = await listQuotas({ period, start, limit: 100, cursor });
    found.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return found;
}
