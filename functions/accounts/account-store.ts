// Account reads and writes: one item per account, indexes kept in step with the fields they are built from.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '../platform/access.ts';
import { currentActor } from '../platform/actor.ts';
import { documentClient } from '../platform/clients.ts';
import { decodeCursor, encodeCursor } from '../platform/cursor.ts';
import { indexAttributes, typePartition } from '../platform/entity.ts';
import { Conflict, NotFound, Stale } from '../platform/errors.ts';
import {
  indexQuery,
  putNew,
  readItem,
  readItems,
  type TransactItem,
  type TransactionRefused,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { scopeOf, sees } from '../platform/visibility.ts';
import { type Account, type AccountListQuery, type AccountPatch, accountItem, toAccount } from './account.ts';
import {
  accountIndexChanges,
  accountKey,
  accountListingChanges,
  accountListingItems,
  accountListings,
  accountPartition,
  accounts,
  normaliseTag,
} from './entity.ts';

export async function getAccount(id: string): Promise<Account> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: accountKey(id) }));
  if (Item === undefined) throw new NotFound('Account', id);
  return toAccount(Item);
}

/**
 * The account, if the caller sees it: someone else's, under `own` visibility, is a 404 like an unknown one
 * (its existence is not confirmed).
 */
export async function accountFor(caller: Caller, id: string): Promise<Account> {
  const account = await getAccount(id);
  if (!sees(caller, 'accounts', account.ownerId)) throw new NotFound('Account', id);
  return account;
}

/** Whether the caller sees the account (every caller does under `all`; no read then). */
export async function seesAccount(caller: Caller, id: string): Promise<boolean> {
  if (scopeOf(caller, 'accounts') === 'all') return true;
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: accountKey(id), ProjectionExpression: 'ownerId' }),
  );
  return (
    Item !== undefined &&
    sees(caller, 'accounts', typeof Item.ownerId === 'string' ? Item.ownerId : undefined)
  );
}

/**
 * Before a read or write under an account: nothing to check for a caller who sees every account (the read
 * itself 404s an unknown one); under `own`, the account must be theirs.
 */
export async function guardAccount(caller: Caller, id: string): Promise<void> {
  if (scopeOf(caller, 'accounts') === 'own') await accountFor(caller, id);
}

/** For reads under an account: an unknown account is a 404, not an empty list. */
export async function assertAccountExists(id: string): Promise<void> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: accountKey(id), ProjectionExpression: 'pk' }),
  );
  if (Item === undefined) throw new NotFound('Account', id);
}

/** The condition on an account that takes changes and new records: it exists, and is neither going nor merging. */
export const LIVE_ACCOUNT =
  'attribute_exists(pk) AND attribute_not_exists(deletingAt) AND attribute_not_exists(mergingInto)';

/**
 * A transaction item that holds only while the account exists and is not being deleted or merged: what every record
 * added under an account is written with, so nothing lands under an account its deletion has passed.
 */
export const liveAccount = (accountId: string): TransactItem => ({
  ConditionCheck: {
    TableName: TABLE_NAME,
    Key: accountKey(accountId),
    ConditionExpression: LIVE_ACCOUNT,
    // What was there, so a refusal can tell an account being deleted or merged (409) from none (404).
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

/** The refusal of a change to an account whose deletion has begun. */
export const accountBeingDeleted = (id: string, since: string) =>
  new Conflict(`Account ${id} is being deleted (since ${since}); see GET /accounts/${id}/deletion.`);

/** The refusal of a change to an account being merged into another. */
export const accountBeingMerged = (id: string, into: string) =>
  new Conflict(`Account ${id} is being merged into ${into}; see GET /accounts/${into}/merges/${id}.`);

/** Why an account that exists takes no change now (being deleted or merged), if it does not. */
export function accountBusy(id: string, account: { deletingAt?: unknown; mergingInto?: unknown }) {
  if (typeof account.deletingAt === 'string') return accountBeingDeleted(id, account.deletingAt);
  if (typeof account.mergingInto === 'string') return accountBeingMerged(id, account.mergingInto);
  return undefined;
}

/** What a new account is written with: the account, and its listings (tags, account manager, audience). */
export const accountCreateItems = (account: Account): TransactItem[] => [
  putNew(accountItem(account)),
  ...accountListingItems(account).map((item) => putNew(item)),
];

/**
 * Apply a patch in one conditional UpdateItem: fields the patch does not name are untouched, custom fields
 * merge key by key, and `version` goes up by one — so concurrent patches never overwrite each other. A patch
 * of what the account is listed under (tags, account manager, audience) moves its listings with it.
 */
export async function updateAccount(
  id: string,
  patch: AccountPatch,
  ifMatch: number | undefined,
  now: Date,
  /** Under `own` visibility: change it only while this member owns it (else 404, as if it did not exist). */
  ownedBy?: string,
) {
  if (patch.tags !== undefined || patch.accountManagerId !== undefined || patch.audience !== undefined) {
    return updateListedAccount(id, patch, ifMatch, now, ownedBy);
  }
  const names: Record<string, string> = {
    '#version': 'version',
    '#updatedAt': 'updatedAt',
    '#updatedBy': 'updatedBy',
  };
  const values: Record<string, unknown> = { ':one': 1, ':now': now.toISOString(), ':actor': currentActor() };
  const set = ['#version = #version + :one', '#updatedAt = :now', '#updatedBy = :actor'];
  const remove: string[] = [];
  const assign = (attribute: string, value: unknown) => {
    const name = `#${attribute}`;
    names[name] = attribute;
    if (value === null) remove.push(name);
    else {
      values[`:${attribute}`] = value;
      set.push(`${name} = :${attribute}`);
    }
  };
  const { custom, ...fields } = patch;
  for (const [attribute, value] of Object.entries(fields)) {
    if (value !== undefined) assign(attribute, value);
  }
  // Index keys follow the fields they are built from.
  for (const [attribute, value] of Object.entries(accountIndexChanges(id, patch))) assign(attribute, value);
  Object.entries(custom ?? {}).forEach(([key, value], index) => {
    names['#custom'] = 'custom';
    names[`#c${index}`] = key;
    if (value === null) remove.push(`#custom.#c${index}`);
    else {
      values[`:c${index}`] = value;
      set.push(`#custom.#c${index} = :c${index}`);
    }
  });
  let condition = LIVE_ACCOUNT;
  if (ifMatch !== undefined) {
    condition += ' AND #version = :expected';
    values[':expected'] = ifMatch;
  }
  if (ownedBy !== undefined) {
    condition += ' AND #owner = :ownedBy';
    names['#owner'] = 'ownerId';
    values[':ownedBy'] = ownedBy;
  }
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: accountKey(id),
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return toAccount(Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (error.Item === undefined) throw new NotFound('Account', id);
    if (ownedBy !== undefined && error.Item.ownerId?.S !== ownedBy) throw new NotFound('Account', id);
    const busy = accountBusy(id, {
      deletingAt: error.Item.deletingAt?.S,
      mergingInto: error.Item.mergingInto?.S,
    });
    if (busy !== undefined) throw busy;
    throw new Stale(`Account ${id} has changed since version ${ifMatch}; read it again and retry.`);
  }
}

/**
 * A patch that moves the account's listings: which listing items go and come depends on what the account
 * holds, so it is read, changed and written whole on the version read, its listing items deleted and put in
 * the same transaction — a list never shows it under a value it no longer has, nor misses one it has. A lost
 * race reads again (a concurrent UpdateItem patch moves the version too); with If-Match it is a 412.
 */
const updateListedAccount = (
  id: string,
  patch: AccountPatch,
  ifMatch: number | undefined,
  now: Date,
  ownedBy: string | undefined,
) =>
  updateVersioned<Account>({
    what: `Account ${id}`,
    read: async () => {
      const item = await readItem(accountKey(id));
      if (item === undefined) throw new NotFound('Account', id);
      return toAccount(item);
    },
    guard: (current) => {
      if (ownedBy !== undefined && current.ownerId !== ownedBy) throw new NotFound('Account', id);
      const busy = accountBusy(id, current);
      if (busy !== undefined) throw busy;
    },
    change: (current) => {
      const { custom, ...fields } = patch;
      const next = withPatch(current, fields, now);
      if (custom === undefined) return next;
      const merged = { ...current.custom };
      for (const [key, value] of Object.entries(custom)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      return { ...next, custom: merged };
    },
    item: accountItem,
    with: (current, next) => {
      const { removed, listed } = accountListingChanges(current, next);
      return [
        ...removed.map((Key): TransactItem => ({ Delete: { TableName: TABLE_NAME, Key } })),
        ...listed.map((Item): TransactItem => ({ Put: { TableName: TABLE_NAME, Item } })),
      ];
    },
    ifMatch,
    // Patches in place (the UpdateItem above) move the version too: room for a few of them at once.
    attempts: 10,
    exhausted: () => new Conflict(`Account ${id} is changing too often right now; try again.`),
  });

/**
 * The index a list request is served by: the most selective filter given picks it — owner, account manager,
 * tag, lifecycle stage, relationship, audience, in that order — and the rest filter.
 */
function accountListPlan(query: AccountListQuery) {
  const { byOwner, byLifecycleStage, byRelationship, all } = accounts.indexes;
  if (query.ownerId !== undefined) {
    return {
      index: byOwner,
      partition: byOwner.partition(query.ownerId),
      range: { prefix: byOwner.prefix },
      filters: ['lifecycleStage', 'relationship'] as const,
    };
  }
  // A listing's partition holds listing items, not accounts: every other filter is checked on the accounts read.
  const { byAccountManager, byTag, byAudience } = accountListings.indexes;
  if (query.accountManagerId !== undefined) {
    return {
      index: byAccountManager,
      partition: byAccountManager.partition(query.accountManagerId),
      listing: true,
      filters: [] as const,
    };
  }
  if (query.tag !== undefined) {
    return {
      index: byTag,
      partition: byTag.partition(normaliseTag(query.tag)),
      listing: true,
      filters: [] as const,
    };
  }
  if (query.lifecycleStage !== undefined) {
    return {
      index: byLifecycleStage,
      partition: byLifecycleStage.partition(query.lifecycleStage),
      filters: ['relationship'] as const,
    };
  }
  if (query.relationship !== undefined) {
    return {
      index: byRelationship,
      partition: byRelationship.partition(query.relationship),
      filters: [] as const,
    };
  }
  if (query.audience !== undefined) {
    return {
      index: byAudience,
      partition: byAudience.partition(query.audience),
      listing: true,
      filters: [] as const,
    };
  }
  return { index: all, partition: typePartition(all.type), filters: [] as const };
}

/**
 * Whether an account read meets every filter of the list: those the index did not serve (the account
 * manager, tag and audience, and everything when the index held listings), and the index's own too — a
 * listing just removed may still be in the index for a moment.
 */
function meets(account: Account, query: AccountListQuery): boolean {
  const tag = query.tag === undefined ? undefined : normaliseTag(query.tag);
  return (
    (query.ownerId === undefined || account.ownerId === query.ownerId) &&
    (query.accountManagerId === undefined || account.accountManagerId === query.accountManagerId) &&
    (query.lifecycleStage === undefined || account.lifecycleStage === query.lifecycleStage) &&
    (query.relationship === undefined || account.relationship === query.relationship) &&
    (query.audience === undefined || account.audience === query.audience) &&
    (tag === undefined || account.tags.some((each) => normaliseTag(each) === tag))
  );
}

/** The accounts a page of listing items names, in the listings' order (one BatchGetItem). */
async function listedAccounts(listings: readonly Record<string, unknown>[]): Promise<Account[]> {
  const items = await readItems(listings.map((listing) => accountKey(String(listing.accountId))));
  return items.flatMap((item) => (item === undefined ? [] : [toAccount(item)]));
}

const MAX_QUERY_ROUNDS = 10;

/**
 * Newest first. With filters beyond the index key, reads on until the page is full (bounded). Each round reads
 * at most what the page still lacks, so the cursor is where the last item read was, whatever was kept of it.
 */
export async function listAccounts(query: AccountListQuery) {
  const plan = accountListPlan(query);
  const key = indexQuery(plan);
  const indexed = indexAttributes(plan.index.index);
  let startKey = decodeCursor(query.cursor, ['pk', 'sk', indexed.pk, indexed.sk], {
    [indexed.pk]: plan.partition,
  });
  const names: Record<string, string> = { ...key.ExpressionAttributeNames };
  const values: Record<string, unknown> = { ...key.ExpressionAttributeValues };
  const filters: string[] = [];
  for (const field of plan.filters) {
    const value = query[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    filters.push(`#${field} = :${field}`);
  }
  const items: Account[] = [];
  for (let round = 0; round < MAX_QUERY_ROUNDS && items.length < query.limit; round++) {
    const page = await documentClient.send(
      new QueryCommand({
        ...key,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: query.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    const read =
      'listing' in plan ? await listedAccounts(page.Items ?? []) : (page.Items ?? []).map(toAccount);
    for (const account of read) if (meets(account, query)) items.push(account);
    startKey = page.LastEvaluatedKey as Record<string, string> | undefined;
    if (startKey === undefined) break;
  }
  return { items, nextCursor: encodeCursor(startKey) };
}

/**
 * One page of the records of a kind under an account (contacts, interactions, deals, invoices): a Query on
 * the account's partition. An unknown account is a 404, not an empty list.
 */
export async function listUnderAccount<T>(
  accountId: string,
  prefix: string,
  query: { limit: number; cursor?: string | undefined },
  toRecord: (item: Record<string, unknown>) => T,
  newestFirst: boolean,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const pk = accountPartition(accountId);
  // Decoded before either read starts: a bad cursor throwing between the two would leave the account's read
  // running with nobody to observe its 404 (an unhandled rejection ends the process).
  const startKey = decodeCursor(query.cursor, ['pk', 'sk'], { pk });
  const [, page] = await Promise.all([
    assertAccountExists(accountId),
    documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ScanIndexForward: !newestFirst,
        Limit: query.limit,
        ExclusiveStartKey: startKey,
      }),
    ),
  ]);
  return { items: (page.Items ?? []).map(toRecord), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/** The refusal of a create whose first transaction item checked that the account exists. */
export const accountMissing =
  (accountId: string) =>
  (refused: TransactionRefused): Error =>
    refused.failedAt(0) ? accountRefusal(accountId, refused.items[0]) : refused;

/** Why liveAccount refused, from the item it returned: gone (404), or being deleted or merged (409). */
export function accountRefusal(accountId: string, item: Record<string, unknown> | undefined): Error {
  return (
    (item === undefined ? undefined : accountBusy(accountId, item)) ?? new NotFound('Account', accountId)
  );
}
