// Deal reads and writes. A stage change is validated against the deal as it is, and written with a
// condition on the version it was read at; a concurrent writer makes the loser read again (and then be
// refused, 409, if its move is no longer allowed) or, with If-Match, get a 412.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/clients.ts';
import { Conflict, NotFound, PreconditionFailed } from '../shared/errors.ts';
import { TABLE_NAME } from '../shared/table.ts';
import { assertAccountExists } from './account-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  type AccountDealsQuery,
  allowedMoves,
  type Deal,
  type DealListQuery,
  type DealPatch,
  dealIndexKeys,
  toDeal,
} from './deal.ts';
import { accountKey, dealKey } from './keys.ts';
import {
  listByType,
  locate,
  mustExist,
  putNew,
  type TransactItem,
  type TransactionRefused,
} from './store.ts';

export const dealCreateItems = (deal: Deal): TransactItem[] => [
  mustExist(accountKey(deal.accountId)),
  putNew({ ...dealKey(deal.accountId, deal.id), type: 'Deal', ...dealIndexKeys(deal), ...deal }),
];

export const dealCreateRefused =
  (deal: Deal) =>
  (refused: TransactionRefused): Error =>
    refused.failedAt(0) ? new NotFound('Account', deal.accountId) : refused;

/** The deal with `id`, read consistently. */
export async function getDeal(id: string): Promise<Deal> {
  const item = await locate('DEAL', id);
  if (item === undefined) throw new NotFound('Deal', id);
  return toDeal(item);
}

const ATTEMPTS = 4;

export async function updateDeal(
  id: string,
  patch: DealPatch,
  ifMatch: number | undefined,
  now: Date,
): Promise<Deal> {
  for (let attempt = 1; ; attempt++) {
    const current = await getDeal(id);
    if (ifMatch !== undefined && current.version !== ifMatch) {
      throw new PreconditionFailed(
        `Deal ${id} is at version ${current.version}, not ${ifMatch}; read it again.`,
      );
    }
    // A pure stage change to the stage the deal is already in changes nothing: whoever got there first won
    // (with other fields in the patch, an unchanged stage is simply kept).
    const onlyStage = Object.keys(patch).every((field) => field === 'stage');
    if (patch.stage !== undefined && patch.stage === current.stage && (onlyStage || attempt > 1)) {
      const allowed = allowedMoves(current.stage);
      throw new Conflict(
        `Deal ${id} is already in ${current.stage}; allowed: ${allowed.join(', ') || 'none (it is closed)'}.`,
        [
          {
            path: 'stage',
            message: `Already ${current.stage}; allowed: ${allowedMoves(current.stage).join(', ') || 'none'}.`,
          },
        ],
      );
    }
    if (patch.stage !== undefined && patch.stage !== current.stage) {
      const allowed = allowedMoves(current.stage);
      if (!allowed.includes(patch.stage)) {
        throw new Conflict(
          `A deal in ${current.stage} cannot move to ${patch.stage}; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none (it is closed)'}.`,
          [{ path: 'stage', message: `Allowed from ${current.stage}: ${allowed.join(', ') || 'none'}.` }],
        );
      }
    }
    const next: Deal = { ...current, updatedAt: now.toISOString(), version: current.version + 1 };
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete (next as Record<string, unknown>)[field];
      else if (value !== undefined) (next as Record<string, unknown>)[field] = value;
    }
    if ((next.stage === 'won' || next.stage === 'lost') && current.closedAt === undefined)
      next.closedAt = now.toISOString();
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: dealKey(current.accountId, id),
          ...replaceWith(next),
          ConditionExpression: '#version = :read',
        }),
      );
      return next;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (ifMatch !== undefined) throw new PreconditionFailed(`Deal ${id} changed meanwhile; read it again.`);
      if (attempt >= ATTEMPTS) throw new Conflict(`Deal ${id} is changing too often right now; try again.`);
    }
  }

  function replaceWith(deal: Deal) {
    const item: Record<string, unknown> = { ...deal, ...dealIndexKeys(deal) };
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':read': deal.version - 1 };
    const set: string[] = [];
    item.version = deal.version;
    Object.entries(item).forEach(([name, value], index) => {
      if (name === 'id' || name === 'accountId') return;
      names[`#f${index}`] = name;
      values[`:v${index}`] = value;
      set.push(`#f${index} = :v${index}`);
    });
    // Attributes a patch removed (null) and index keys that no longer apply go.
    const remove = ['expectedCloseDate', 'ownerId', 'gsi1pk', 'gsi1sk']
      .filter((name) => !(name in item))
      .map((name, index) => {
        names[`#r${index}`] = name;
        return `#r${index}`;
      });
    return {
      UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }
}

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

export async function listAccountDeals(accountId: string, query: AccountDealsQuery) {
  const [, page] = await Promise.all([
    assertAccountExists(accountId),
    documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': 'DEAL#' },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk'], { pk: `ACCOUNT#${accountId}` }),
      }),
    ),
  ]);
  return { items: (page.Items ?? []).map(toDeal), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}
