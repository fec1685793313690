// Deal reads and writes. A stage change is validated against the deal as it is, and written with a
// condition on the version it was read at; a concurrent writer makes the loser read again (and then be
// refused, 409, if its move is no longer allowed) or, with If-Match, get a 412.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/clients.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { TABLE_NAME } from '../shared/table.ts';
import { accountMissing, listUnderAccount } from './account-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  type AccountDealsQuery,
  allowedMoves,
  type Deal,
  type DealListQuery,
  type DealPatch,
  dealItem,
  toDeal,
} from './deal.ts';
import { accountKey } from './keys.ts';
import {
  listByType,
  locate,
  mustExist,
  putNew,
  type TransactItem,
  updateVersioned,
  withPatch,
} from './store.ts';

export const dealCreateItems = (deal: Deal): TransactItem[] => [
  mustExist(accountKey(deal.accountId)),
  putNew(dealItem(deal)),
];

export const dealCreateRefused = (deal: { accountId: string }) => accountMissing(deal.accountId);

/** The deal with `id`, read consistently. */
export async function getDeal(id: string): Promise<Deal> {
  const item = await locate('DEAL', id);
  if (item === undefined) throw new NotFound('Deal', id);
  return toDeal(item);
}

export const updateDeal = (id: string, patch: DealPatch, ifMatch: number | undefined, now: Date) =>
  updateVersioned<Deal>({
    what: `Deal ${id}`,
    read: () => getDeal(id),
    item: dealItem,
    ifMatch,
    attempts: 4,
    exhausted: () => new Conflict(`Deal ${id} is changing too often right now; try again.`),
    change: (current, attempt) => {
      // A pure stage change to the stage the deal is already in changes nothing: whoever got there first won
      // (with other fields in the patch, an unchanged stage is simply kept).
      const onlyStage = Object.keys(patch).every((field) => field === 'stage');
      if (patch.stage !== undefined) {
        const allowed = allowedMoves(current.stage);
        const already = patch.stage === current.stage;
        if (already ? onlyStage || attempt > 1 : !allowed.includes(patch.stage)) {
          const moves = allowed.join(', ') || 'none (it is closed)';
          throw new Conflict(
            already
              ? `Deal ${id} is already in ${current.stage}; allowed: ${moves}.`
              : `A deal in ${current.stage} cannot move to ${patch.stage}; allowed: ${moves}.`,
            [{ path: 'stage', message: `Allowed from ${current.stage}: ${moves}.` }],
          );
        }
      }
      const next = withPatch(current, patch, now);
      if ((next.stage === 'won' || next.stage === 'lost') && current.closedAt === undefined)
        next.closedAt = now.toISOString();
      return next;
    },
  });

export async function listDeals(query: DealListQuery) {
  if (query.stage === undefined && query.ownerId === undefined)
    return listByType('DEAL', query, toDeal, true);
  const byOwner = query.ownerId !== undefined;
  const [index, pkName, skName] = byOwner ? ['gsi1', 'gsi1pk', 'gsi1sk'] : ['gsi2', 'gsi2pk', 'gsi2sk'];
  const partition = byOwner ? `OWNER#${query.ownerId}` : `DEAL#STAGE#${query.stage}`;
  const page = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: index,
      KeyConditionExpression: byOwner ? '#pk = :pk AND begins_with(#sk, :deal)' : '#pk = :pk',
      ...(byOwner && query.stage !== undefined ? { FilterExpression: '#stage = :stage' } : {}),
      ExpressionAttributeNames: {
        '#pk': pkName,
        ...(byOwner ? { '#sk': skName } : {}),
        ...(byOwner && query.stage !== undefined ? { '#stage': 'stage' } : {}),
      },
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(byOwner ? { ':deal': 'DEAL#' } : {}),
        ...(byOwner && query.stage !== undefined ? { ':stage': query.stage } : {}),
      },
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk', pkName, skName], { [pkName]: partition }),
    }),
  );
  return { items: (page.Items ?? []).map(toDeal), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

export const listAccountDeals = (accountId: string, query: AccountDealsQuery) =>
  listUnderAccount(accountId, 'DEAL#', query, toDeal, true);
