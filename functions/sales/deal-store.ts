import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey } from '../accounts/index.ts';
import { accountMissing, listUnderAccount, liveAccount } from '../accounts/services.ts';
import { documentClient } from '../platform/clients.ts';
import { Conflict, NotFound } from '../platform/errors.ts';
import {
  indexPage,
  listByType,
  locate,
  putNew,
  type TransactItem,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { activeMember } from '../team/services.ts';
import {
  type AccountDealsQuery,
  allowedMoves,
  type Deal,
  type DealCreate,
  type DealListQuery,
  type DealPatch,
  dealItem,
  toDeal,
} from './deal.ts';
import { DEAL_PREFIX, deals } from './entity.ts';

const STAGE_MOVE_FIELDS = new Set(['stage', 'lostReason', 'lostNote']);

export const dealCreateItems = (deal: Deal): TransactItem[] => [
  liveAccount(deal.accountId),
  putNew(dealItem(deal)),
];

export const dealCreateRefused = (deal: { accountId: string }) => accountMissing(deal.accountId);

/**
 * What a new deal takes from its account: the account's audience (internal or external, for the reports), and
 * — made without an owner — the account's owner while they are an active sales member (an owner who left is
 * no default; the deal is then unowned, as asked). An unknown account is left to the create to 404.
 */
export async function accountDefaults(
  input: DealCreate,
): Promise<{ input: DealCreate; audience: Deal['audience'] }> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: accountKey(input.accountId),
      ProjectionExpression: 'ownerId, audience',
      ConsistentRead: true,
    }),
  );
  const audience = Item?.audience === 'internal' ? 'internal' : Item === undefined ? undefined : 'external';
  const ownerId = Item?.ownerId;
  if (input.ownerId !== undefined || typeof ownerId !== 'string') return { input, audience };
  return {
    input: (await activeMember(ownerId, 'sales')) !== undefined ? { ...input, ownerId } : input,
    audience,
  };
}

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
      // (with other fields in the patch, an unchanged stage is simply kept). A loss's reason and note are part
      // of the move to lost: said once, with it.
      const onlyStage = Object.keys(patch).every((field) => STAGE_MOVE_FIELDS.has(field));
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
