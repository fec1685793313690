import { accountKey } from '../accounts/index.ts';
import { accountMissing, listUnderAccount } from '../accounts/services.ts';
import { Conflict, NotFound } from '../platform/errors.ts';
import {
  indexPage,
  listByType,
  locate,
  mustExist,
  putNew,
  type TransactItem,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import {
  type AccountDealsQuery,
  allowedMoves,
  type Deal,
  type DealListQuery,
  type DealPatch,
  dealItem,
  toDeal,
} from './deal.ts';
import { DEAL_PREFIX, deals } from './entity.ts';

export const dealCreateItems = (deal: Deal): TransactItem[] => [
  mustExist(accountKey(deal.accountId)),
  putNew(dealItem(deal)),
];

export const dealCreateRefused = (deal: { accountId: string }) => accountMissing(deal.accountId);

/** The deal with `id`, read consistently. */
export async function getDeal(id: string): Promise<Deal> {
  const item = await locate(deals.indexes.all.type, id);
  if (item === undefined) throw new NotFound('Deal', id);
  return toDeal(item);
}

export const updateDeal = (
  id: string,
  patch: DealPatch,
  ifMatch: number | undefined,
  now: Date,
  guard?: (current: Deal) => Promise<void> | void,
) =>
  updateVersioned<Deal>({
    what: `Deal ${id}`,
    read: () => getDeal(id),
    guard,
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
  const { byOwner, byStage, all } = deals.indexes;
  if (query.ownerId !== undefined) {
    return indexPage({
      index: byOwner,
      partition: byOwner.partition(query.ownerId),
      range: { prefix: byOwner.prefix },
      ...(query.stage === undefined ? {} : { filter: { field: 'stage', value: query.stage } }),
      query,
      toRecord: toDeal,
    });
  }
  if (query.stage !== undefined) {
    return indexPage({ index: byStage, partition: byStage.partition(query.stage), query, toRecord: toDeal });
  }
  return listByType(all.type, query, toDeal, true);
}

export const listAccountDeals = (accountId: string, query: AccountDealsQuery) =>
  listUnderAccount(accountId, DEAL_PREFIX, query, toDeal, true);

/** An account's deals that `ownerId` owns (`own` visibility), newest first, from the owner index. */
export function listOwnedAccountDeals(accountId: string, ownerId: string, query: AccountDealsQuery) {
  const { byOwner } = deals.indexes;
  return indexPage({
    index: byOwner,
    partition: byOwner.partition(ownerId),
    range: { prefix: byOwner.prefix },
    filter: { field: 'accountId', value: accountId },
    query,
    toRecord: toDeal,
    newestFirst: true,
  });
}
