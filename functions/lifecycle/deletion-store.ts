// Deleting an account with everything under it, in batches that survive a crash. The request marks the
// account (nothing new lands under it), counts what is open and hands over to the stream: each run of the
// continuing rule removes a bounded share — one transaction per batch removes up to 99 items and moves the
// deletion's counts and version with them, so a batch happens once or not at all — and hands the rest to the
// next run. A run cut short is run again on the same event; the items it removed are gone, the counts exact.
import { type Account, accountKey, accountPartition, toAccount, toContact } from '../accounts/index.ts';
import { accountBeingMerged, addressesOf, LIVE_ACCOUNT, releaseEmailClaim } from '../accounts/services.ts';
import { companyDomainOf, domainClaimKey } from '../forms/index.ts';
import { CHARGE_PREFIX, INVOICE_PREFIX, orderKey } from '../orders/index.ts';
import { currentActor } from '../platform/actor.ts';
import {
  PER_BATCH,
  partitionItems,
  partitionPages,
  type RunOutcome,
  runBatches,
  versionedWrite,
} from '../platform/batches.ts';
import { Conflict, NotFound, Stale } from '../platform/errors.ts';
import {
  putNew,
  readItem,
  readItems,
  type TransactItem,
  TransactionRefused,
  transact,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { DEAL_PREFIX } from '../sales/index.ts';
import { ticketKey } from '../service/index.ts';
import { taskKey } from '../work/index.ts';
import {
  type AccountDeletion,
  KIND_OF_TYPE,
  newDeletion,
  OPEN_STATES,
  type OpenRecords,
  openTotal,
  type RemovedKind,
} from './deletion.ts';
import { accountDeletions, deletionKey, toDeletion } from './entity.ts';

export async function getDeletion(accountId: string): Promise<AccountDeletion | undefined> {
  const item = await readItem(deletionKey(accountId));
  return item === undefined ? undefined : toDeletion(item);
}

const OPEN_PREFIXES = [
  ['deals', DEAL_PREFIX, OPEN_STATES.Deal],
  ['orders', orderKey('', '').sk, OPEN_STATES.Order],
  ['tickets', ticketKey('', '').sk, OPEN_STATES.Ticket],
] as const;

/** The account's open deals, orders and tickets: one Query per kind, on its sort-key prefix. */
export async function openRecords(accountId: string): Promise<OpenRecords> {
  const counts = await Promise.all(
    OPEN_PREFIXES.map(async ([, prefix, { field, values }]) => {
      let open = 0;
      for await (const item of partitionItems({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': accountPartition(accountId), ':prefix': prefix },
        ProjectionExpression: '#field',
        ExpressionAttributeNames: { '#field': field },
        ConsistentRead: true,
      })) {
        if (values.includes(String(item[field]))) open += 1;
      }
      return open;
    }),
  );
  return { deals: counts[0] ?? 0, orders: counts[1] ?? 0, tickets: counts[2] ?? 0 };
}

/** The refusal of a deletion while records are open, naming how many of each. */
function stillOpen(accountId: string, open: OpenRecords) {
  return new Conflict(
    `Account ${accountId} has open records; close them first, or DELETE with ?cascade=true to remove them too.`,
    OPEN_PREFIXES.filter(([kind]) => open[kind] > 0).map(([kind]) => ({
      path: kind,
      message: `${open[kind]} open.`,
    })),
  );
}

/** An account merging into another, or taking others in, is not deleted meanwhile (409). */
function refuseWhileMerging(account: Account) {
  if (account.mergingInto !== undefined) throw accountBeingMerged(account.id, account.mergingInto);
  if ((account.contactMerges ?? 0) > 0) {
    throw new Conflict(`Account ${account.id} has contact merges running; delete it once they are done.`);
  }
  if ((account.incomingMerges ?? 0) > 0) {
    throw new Conflict(
      `Account ${account.id} is taking in ${account.incomingMerges} merged account(s); delete it once they are done.`,
    );
  }
}

/**
 * DELETE /accounts/{id}: accept the deletion (once — asked again, it answers the same deletion). Refused while
 * the account has open deals, orders or tickets unless `cascade`: counted once before anything is written,
 * and again once the account is marked, when no new record can be added under it any more.
 */
export async function startDeletion(
  accountId: string,
  cascade: boolean,
  now: Date,
): Promise<AccountDeletion> {
  let deletion = await getDeletion(accountId);
  if (deletion === undefined) {
    const item = await readItem(accountKey(accountId));
    if (item === undefined) throw new NotFound('Account', accountId);
    const account = toAccount(item);
    refuseWhileMerging(account);
    const open = await openRecords(accountId);
    if (!cascade && openTotal(open) > 0) throw stillOpen(accountId, open);
    const accepted = newDeletion(account, cascade, open, now);
    try {
      await transact([
        putNew(accountDeletions.item(accepted)),
        {
          Update: {
            TableName: TABLE_NAME,
            Key: accountKey(accountId),
            UpdateExpression:
              'SET deletingAt = :at, updatedAt = :at, updatedBy = :actor, version = version + :one',
            ConditionExpression: `${LIVE_ACCOUNT} AND (attribute_not_exists(incomingMerges) OR incomingMerges = :zero) AND (attribute_not_exists(contactMerges) OR contactMerges = :zero)`,
            ExpressionAttributeValues: {
              ':at': now.toISOString(),
              ':actor': currentActor(),
              ':one': 1,
              ':zero': 0,
            },
          },
        },
      ]);
      deletion = accepted;
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      // Accepted meanwhile by another request (the first item), or the account went (the second).
      deletion = await getDeletion(accountId);
      if (deletion === undefined) {
        const now = await readItem(accountKey(accountId));
        if (now === undefined) throw new NotFound('Account', accountId);
        refuseWhileMerging(toAccount(now));
        throw new Stale(`Account ${accountId} changed meanwhile; try again.`);
      }
    }
  }
  if (deletion.state !== 'checking') return deletion;
  return confirmDeletion(deletion, cascade, now);
}

/**
 * The account takes nothing new now: count its open records again and either start removing (the deletion
 * then hands over to its first run) or, open records found without `cascade`, undo the mark and refuse.
 */
async function confirmDeletion(deletion: AccountDeletion, cascade: boolean, now: Date) {
  const { accountId } = deletion;
  const open = await openRecords(accountId);
  const at = now.toISOString();
  if (!cascade && openTotal(open) > 0) {
    await transact([
      {
        Delete: {
          TableName: TABLE_NAME,
          Key: deletionKey(accountId),
          ConditionExpression: '#state = :checking',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':checking': 'checking' },
        },
      },
      {
        Update: {
          TableName: TABLE_NAME,
          Key: accountKey(accountId),
          UpdateExpression:
            'REMOVE deletingAt SET updatedAt = :at, updatedBy = :actor, version = version + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at, ':actor': currentActor(), ':one': 1 },
        },
      },
    ]).catch(async (error: unknown) => {
      // Confirmed meanwhile by a retried request with cascade: that one stands.
      if (error instanceof TransactionRefused && (await getDeletion(accountId))?.state !== 'checking') return;
      throw error;
    });
    throw stillOpen(accountId, open);
  }
  const running: AccountDeletion = {
    ...deletion,
    state: 'running',
    cascade,
    open,
    run: 1,
    handOver: true,
    updatedAt: at,
    updatedBy: currentActor(),
    version: deletion.version + 1,
  };
  try {
    await transact([
      {
        Put: {
          TableName: TABLE_NAME,
          Item: accountDeletions.item(running),
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: { ':read': deletion.version },
        },
      },
    ]);
    return running;
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    const current = await getDeletion(accountId);
    if (current === undefined) throw new NotFound('Account', accountId);
    return current;
  }
}

/** One item to remove, with what goes with it (a contact's claims, a task noted under the account). */
interface Removal {
  readonly kind: RemovedKind | undefined;
  readonly deletes: readonly TransactItem[];
  /** A contact's address (its company domain's claim may go too). */
  readonly email?: string;
}

/**
 * Remove an item: the one a batch counts only while it is still there (removed meanwhile by its own DELETE,
 * the batch reads again rather than count it twice), on the version read where given; what goes with it
 * (`along`) whether or not it is there.
 */
const remove = (
  key: { pk: unknown; sk: unknown },
  condition: { version?: number } | 'along' = {},
): TransactItem => ({
  Delete: {
    TableName: TABLE_NAME,
    Key: { pk: key.pk, sk: key.sk },
    ...(condition === 'along'
      ? {}
      : condition.version === undefined
        ? { ConditionExpression: 'attribute_exists(pk)' }
        : {
            ConditionExpression: 'attribute_exists(pk) AND version = :v',
            ExpressionAttributeValues: { ':v': condition.version },
          }),
  },
});

/** What removing one item of the account's partition takes. */
function removalOf(item: Record<string, unknown>): Removal {
  const type = String(item.type);
  const kind = KIND_OF_TYPE[type];
  if (type === 'Contact') {
    // On the version read: an address changed meanwhile would otherwise leave its new claim behind.
    const deletes = [remove({ pk: item.pk, sk: item.sk }, { version: Number(item.version) })];
    for (const address of addressesOf(toContact(item)))
      deletes.push(releaseEmailClaim(address, String(item.id)));
    return { kind, deletes, ...(typeof item.email === 'string' ? { email: item.email } : {}) };
  }
  if (type === 'TaskLink') {
    return {
      kind,
      deletes: [remove({ pk: item.pk, sk: item.sk }), remove(taskKey(String(item.taskId)), 'along')],
    };
  }
  return { kind, deletes: [remove({ pk: item.pk, sk: item.sk })] };
}

/** The next items to remove, in key order: everything under the account but itself, this record and the bills. */
async function nextRemovals(accountId: string): Promise<Removal[]> {
  const kept = (sk: string) =>
    sk === accountKey(accountId).sk ||
    sk === deletionKey(accountId).sk ||
    sk.startsWith(INVOICE_PREFIX) ||
    sk.startsWith(CHARGE_PREFIX);
  const removals: Removal[] = [];
  let size = 0;
  // (A filter cannot name the sort key: what stays is skipped here; there are few such items.)
  for await (const item of partitionItems({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': accountPartition(accountId) },
    ConsistentRead: true,
    Limit: 200,
  })) {
    if (kept(String(item.sk))) continue;
    const removal = removalOf(item);
    // Room is kept for each contact's domain claim, which goes in the same batch as the contact.
    const needs = removal.deletes.length + (removal.email === undefined ? 0 : 1);
    if (size + needs > PER_BATCH) break;
    removals.push(removal);
    size += needs;
  }
  return [...removals, ...(await domainClaimsOf(accountId, removals))];
}

/**
 * The company-domain claims this account holds for the domains of the contacts a batch removes (new contacts
 * of those domains then start an account of their own, or join another): each removed on the condition it
 * still names this account, read first so a claim of another account's never refuses the batch.
 */
async function domainClaimsOf(accountId: string, removals: readonly Removal[]): Promise<Removal[]> {
  const domains = [
    ...new Set(
      removals.flatMap((removal) =>
        removal.email === undefined ? [] : [companyDomainOf(removal.email) ?? []].flat(),
      ),
    ),
  ];
  if (domains.length === 0) return [];
  const claims = await readItems(domains.map((domain) => domainClaimKey(domain)));
  return domains.flatMap((domain, index) =>
    claims[index]?.accountId === accountId
      ? [
          {
            kind: undefined,
            deletes: [
              {
                Delete: {
                  TableName: TABLE_NAME,
                  Key: domainClaimKey(domain),
                  ConditionExpression: 'accountId = :account',
                  ExpressionAttributeValues: { ':account': accountId },
                },
              },
            ],
          },
        ]
      : [],
  );
}

async function countUnder(accountId: string, prefix: string): Promise<number> {
  let count = 0;
  for await (const page of partitionPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': accountPartition(accountId), ':prefix': prefix },
    Select: 'COUNT',
  })) {
    count += page.Count ?? 0;
  }
  return count;
}

/**
 * One run of the deletion (for the event of the version that handed over to run `run`): batches until the
 * account is empty — then the account itself goes, in the batch that marks the deletion done — or until the
 * run's share is done (batches.ts). `afterBatch` is a test's way in, to cut a run short.
 */
export const continueDeletion = (
  accountId: string,
  run: number,
  now: () => Date,
  afterBatch?: (batch: number) => Promise<void> | void,
): Promise<RunOutcome> =>
  runBatches<AccountDeletion>({
    read: () => getDeletion(accountId),
    write: versionedWrite((deletion) => accountDeletions.item(deletion)),
    run,
    now,
    afterBatch,
    plan: async (read, at) => {
      const removals = await nextRemovals(accountId);
      if (removals.length > 0) {
        const removed = { ...read.removed };
        for (const { kind } of removals) if (kind !== undefined) removed[kind] += 1;
        return {
          next: { ...read, removed },
          items: removals.flatMap((removal) => removal.deletes),
          last: false,
        };
      }
      const account = await readItem(accountKey(accountId));
      const [invoices, charges] = await Promise.all([
        countUnder(accountId, INVOICE_PREFIX),
        countUnder(accountId, CHARGE_PREFIX),
      ]);
      return {
        next: { ...read, state: 'done', finishedAt: at, kept: { invoices, charges } },
        // The account goes last, on the version read: a change to it meanwhile (a listing moved) reads again.
        items:
          account === undefined ? [] : [remove(accountKey(accountId), { version: Number(account.version) })],
        last: true,
      };
    },
  });
