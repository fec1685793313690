// Merging duplicates, in batches that survive a crash (batches.ts). The request marks the merged record (nothing
// new lands under or names it), writes the merge and hands over to the stream; each run moves a bounded share
// and hands the rest to the next. Every record a merge moves or relinks is stamped with the merge's id, so the
// write announces nothing (the stream would otherwise tell of a deletion and a creation); the merge's own end is
// one event, AccountMerged or ContactMerged. The merged id keeps answering where it went (platform/merged.ts).
import {
  accountKey,
  accountPartition,
  type Contact,
  contactKey,
  contacts,
  emailClaimKey,
  interactions,
  toAccount,
  toContact,
} from '../accounts/index.ts';
import { accountBusy, addressesOf, contactById, LIVE_ACCOUNT } from '../accounts/services.ts';
import { companyDomainOf, domainClaimKey } from '../forms/index.ts';
import { charges, invoices, orders } from '../orders/index.ts';
import { currentActor } from '../platform/actor.ts';
import {
  PER_BATCH,
  type PlannedBatch,
  partitionPages,
  type RunOutcome,
  runBatches,
  versionedWrite,
} from '../platform/batches.ts';
import { MERGE_STAMP, recordOf } from '../platform/entity.ts';
import { Conflict, Invalid, NotFound, Stale } from '../platform/errors.ts';
import { mergedInto, mergedItem } from '../platform/merged.ts';
import {
  putNew,
  readItem,
  readItems,
  relistClaims,
  type TransactItem,
  TransactionRefused,
  transact,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { deals } from '../sales/index.ts';
import { surveyEntries, tickets } from '../service/index.ts';
import { taskKey, taskLinks } from '../work/index.ts';
import {
  accountMergeKey,
  accountMerges,
  contactMergeKey,
  contactMerges,
  toAccountMerge,
  toContactMerge,
} from './entity.ts';
import {
  type AccountMerge,
  type ContactMerge,
  MOVED_KIND_OF_TYPE,
  type MovedKind,
  newAccountMerge,
  newContactMerge,
  RELINKED_KIND_OF_TYPE,
  survivingContact,
} from './merge.ts';

/** How long the small stub a moved record leaves at its old key is kept (it holds no data, only where it went). */
const STUB_DAYS = 30;

const takingInAccounts = (accountId: string) =>
  new Conflict(
    `Account ${accountId} is taking in merged accounts: merge its contacts once that is done (they may name more records then).`,
  );

const intoItself = () =>
  new Invalid([{ path: 'from', message: 'A record cannot be merged into itself.' }], 'Nothing to merge.');

export async function getAccountMerge(fromId: string): Promise<AccountMerge | undefined> {
  const item = await readItem(accountMergeKey(fromId));
  return item === undefined ? undefined : toAccountMerge(item);
}

export async function getContactMerge(accountId: string, fromId: string): Promise<ContactMerge | undefined> {
  const item = await readItem(contactMergeKey(accountId, fromId));
  return item === undefined ? undefined : toContactMerge(item);
}

/** A merge asked for again: the same one answers; one into another record is a 409. */
function sameMerge<M extends { into: string }>(merge: M, into: string, what: string, from: string): M {
  if (merge.into !== into) {
    throw new Conflict(`${what} ${from} is merged (or being merged) into ${merge.into}, not ${into}.`, [
      { path: 'from', message: `Merged into ${merge.into}.` },
    ]);
  }
  return merge;
}

const alreadyMerged = (what: string, id: string, into: string) =>
  new Conflict(`${what} ${id} was merged into ${into} before.`, [
    { path: 'from', message: `Merged into ${into}.` },
  ]);

// ——— Accounts ———

/**
 * POST /accounts/{into}/merge {from}: accept the merge (once — asked again, it answers the same merge). Both
 * accounts must take changes (not being deleted or merged); the merged one must not be taking others in, nor
 * have a contact merge running. The merged account is marked (`mergingInto`: nothing new lands under it), the
 * survivor counts it in (`incomingMerges`: it is not deleted or merged away meanwhile), in one transaction.
 */
export async function startAccountMerge(intoId: string, fromId: string, now: Date): Promise<AccountMerge> {
  if (intoId === fromId) throw intoItself();
  // The accounts first, then the merge: a merge accepted between the two reads is found, not refused as busy.
  const [fromItem, intoItem] = await readItems([accountKey(fromId), accountKey(intoId)]);
  const existing = await getAccountMerge(fromId);
  if (existing !== undefined) return sameMerge(existing, intoId, 'Account', fromId);
  if (intoItem === undefined) throw new NotFound('Account', intoId);
  if (fromItem === undefined) {
    const merged = await mergedInto(fromId);
    if (merged !== undefined) throw alreadyMerged('Account', fromId, merged.mergedInto);
    throw new NotFound('Account', fromId);
  }
  const from = toAccount(fromItem);
  const into = toAccount(intoItem);
  const busy = accountBusy(fromId, from) ?? accountBusy(intoId, into);
  if (busy !== undefined) throw busy;
  if ((from.incomingMerges ?? 0) > 0) {
    throw new Conflict(`Account ${fromId} is taking in other merged accounts; merge it once they are done.`);
  }
  if ((from.contactMerges ?? 0) > 0) {
    throw new Conflict(`Account ${fromId} has contact merges running; merge it once they are done.`);
  }
  const merge = newAccountMerge(from, intoId, now);
  const at = now.toISOString();
  const stamp = { ':at': at, ':actor': currentActor(), ':one': 1 };
  try {
    await transact([
      putNew(accountMerges.item(merge)),
      {
        Update: {
          TableName: TABLE_NAME,
          Key: accountKey(fromId),
          UpdateExpression:
            'SET mergingInto = :into, updatedAt = :at, updatedBy = :actor, version = version + :one',
          // On the version read: a contact merge begun since (it counts itself in on the account) refuses it.
          ConditionExpression: `${LIVE_ACCOUNT} AND version = :read`,
          ExpressionAttributeValues: { ...stamp, ':into': intoId, ':read': from.version },
        },
      },
      {
        Update: {
          TableName: TABLE_NAME,
          Key: accountKey(intoId),
          UpdateExpression:
            'ADD incomingMerges :one SET updatedAt = :at, updatedBy = :actor, version = version + :one',
          ConditionExpression: LIVE_ACCOUNT,
          ExpressionAttributeValues: stamp,
        },
      },
    ]);
    return merge;
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    const accepted = await getAccountMerge(fromId);
    if (accepted !== undefined) return sameMerge(accepted, intoId, 'Account', fromId);
    throw new Stale(`Account ${fromId} or ${intoId} changed meanwhile; try again.`);
  }
}

/** One item of the merged account's partition, as a batch moves it. */
interface Move {
  readonly kind: MovedKind | undefined;
  /** Transaction items of its own (none: it stays, or was passed over). */
  readonly items: readonly TransactItem[];
  /** Items read and written along with it (claims, a task), reserved in the batch. */
  readonly along: number;
  readonly contact?: Contact;
  readonly taskId?: string;
}

const stay: Move = { kind: undefined, items: [], along: 0 };

const mergeStamp = (kind: 'account' | 'contact', fromId: string) => `${kind}-merge:${fromId}`;

/** The stub a moved record leaves at its old key, on the version read: where it went, nothing else. */
function stubOf(item: Record<string, unknown>, into: string, stamp: string, at: string): TransactItem {
  const version = typeof item.version === 'number' ? item.version : undefined;
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: {
        pk: item.pk,
        sk: item.sk,
        type: 'Moved',
        movedTo: into,
        [MERGE_STAMP]: stamp,
        expiresAt: Math.floor(Date.parse(at) / 1000) + STUB_DAYS * 86_400,
      },
      ...(version === undefined
        ? { ConditionExpression: 'attribute_exists(pk)' }
        : {
            ConditionExpression: 'attribute_exists(pk) AND version = :v',
            ExpressionAttributeValues: { ':v': version },
          }),
    },
  };
}

const removeItem = (item: Record<string, unknown>): TransactItem => ({
  Delete: {
    TableName: TABLE_NAME,
    Key: { pk: item.pk, sk: item.sk },
    ConditionExpression: 'attribute_exists(pk)',
  },
});

/** Each announced record type a merge moves, rebuilt under the survivor (its index keys made anew). */
const REBUILT: Readonly<Record<string, (record: Record<string, unknown>) => Record<string, unknown>>> = {
  Contact: (record) => contacts.item(recordOf(record)),
  Interaction: (record) => interactions.item(recordOf(record)),
  Deal: (record) => deals.item(recordOf(record)),
  Order: (record) => orders.item(recordOf(record)),
  Ticket: (record) => tickets.item(recordOf(record)),
  Invoice: (record) => invoices.item(recordOf(record)),
  Charge: (record) => charges.item(recordOf(record)),
  SurveyEntry: (record) => surveyEntries.item(recordOf(record)),
};

/** What moving one item of the merged account's partition takes. */
function moveOf(item: Record<string, unknown>, merge: AccountMerge, at: string): Move {
  const type = String(item.type);
  const sk = String(item.sk);
  const stamp = mergeStamp('account', merge.from);
  const pk = accountPartition(merge.into);
  switch (type) {
    case 'Account':
    case 'AccountMerge':
    case 'Moved':
      return stay;
    case 'AccountListing':
      // The survivor is listed under its own tags, manager and audience; the merged account no longer is.
      return { kind: undefined, items: [removeItem(item)], along: 0 };
    case 'ContactMerge':
      if (item.state !== 'done') throw new Conflict(`A contact merge (${sk}) is still running.`);
      // Kept with the account it was of, so asking for it again still answers it.
      return {
        kind: undefined,
        items: [removeItem(item), putNew({ ...item, pk, accountId: merge.into })],
        along: 0,
      };
    case 'HistoryEntry':
      // The merged account's own history stays with its merge record (and expires); its records' moves along.
      if (sk.startsWith('HISTORY#ACCOUNT#')) return stay;
      return {
        kind: 'history',
        items: [removeItem(item), putNew({ ...item, pk, [MERGE_STAMP]: stamp })],
        along: 0,
      };
    case 'MatchKey':
      // A contact's keys move with it; the merged account's own (its name) go.
      if (sk.startsWith('MATCH#ACCOUNT#')) return { kind: undefined, items: [removeItem(item)], along: 0 };
      return {
        kind: undefined,
        items: [removeItem(item), putNew({ ...item, pk, accountId: merge.into })],
        along: 0,
      };
    case 'TaskLink': {
      const taskId = String(item.taskId);
      return {
        kind: 'tasks',
        items: [removeItem(item), putNew(taskLinks.item({ accountId: merge.into, taskId }))],
        along: 1,
        taskId,
      };
    }
  }
  const rebuild = REBUILT[type];
  if (rebuild === undefined) throw new Error(`No merge rule for ${type} items (${sk}).`);
  const record = recordOf<Record<string, unknown>>(item);
  const moved = {
    ...record,
    accountId: merge.into,
    ...(typeof record.version === 'number' ? { version: record.version + 1, updatedAt: at } : {}),
  };
  const items = [stubOf(item, merge.into, stamp, at), putNew({ ...rebuild(moved), [MERGE_STAMP]: stamp })];
  if (type !== 'Contact') return { kind: MOVED_KIND_OF_TYPE[type], items, along: 0 };
  const contact = toContact(item);
  // Its addresses' claims, and its company domain's.
  return { kind: 'contacts', items, along: addressesOf(contact).length + 1, contact };
}

/**
 * What goes along with a batch's moves: its contacts' e-mail claims and company-domain claims, and its tasks'
 * links — each read first, and changed on the condition it still says what was read.
 */
async function movedAlong(merge: AccountMerge, moves: readonly Move[]): Promise<TransactItem[]> {
  const { from, into } = merge;
  const movedContacts = moves.flatMap((move) => (move.contact === undefined ? [] : [move.contact]));
  const addresses = movedContacts.flatMap((contact) =>
    addressesOf(contact).map((address) => ({ address, contactId: contact.id })),
  );
  const domains = [
    ...new Set(
      movedContacts.flatMap((contact) => addressesOf(contact).flatMap((a) => companyDomainOf(a) ?? [])),
    ),
  ];
  const taskIds = moves.flatMap((move) => (move.taskId === undefined ? [] : [move.taskId]));
  const keys = [
    ...addresses.map(({ address }) => emailClaimKey(address)),
    ...domains.map((domain) => domainClaimKey(domain)),
    ...taskIds.map((taskId) => taskKey(taskId)),
  ];
  if (keys.length === 0) return [];
  const found = await readItems(keys);
  const update = (key: { pk: string; sk: string }, set: string, condition: string, values: object) => ({
    Update: {
      TableName: TABLE_NAME,
      Key: key,
      UpdateExpression: set,
      ConditionExpression: condition,
      ExpressionAttributeValues: { ':into': into, ...values },
    },
  });
  const along: TransactItem[] = [];
  addresses.forEach(({ address, contactId }, index) => {
    if (found[index]?.contactId !== contactId) return;
    along.push(
      update(emailClaimKey(address), 'SET accountId = :into', 'contactId = :contact', {
        ':contact': contactId,
      }),
    );
  });
  domains.forEach((domain, index) => {
    if (found[addresses.length + index]?.accountId !== from) return;
    along.push(
      update(domainClaimKey(domain), 'SET accountId = :into', 'accountId = :from', { ':from': from }),
    );
  });
  taskIds.forEach((taskId, index) => {
    const task = found[addresses.length + domains.length + index];
    const links = task?.links as { accountId?: unknown } | undefined;
    if (links?.accountId !== from) return;
    along.push(
      update(
        taskKey(taskId),
        `SET links.accountId = :into, ${MERGE_STAMP} = :stamp, version = version + :one`,
        'links.accountId = :from',
        { ':from': from, ':stamp': mergeStamp('account', from), ':one': 1 },
      ),
    );
  });
  return along;
}

/** The survivor must still take records: checked in every batch that moves some. */
const survivorCheck = (intoId: string): TransactItem => ({
  ConditionCheck: { TableName: TABLE_NAME, Key: accountKey(intoId), ConditionExpression: LIVE_ACCOUNT },
});

/**
 * The next batch of an account merge: the items after the cursor, in key order, as many as fit one transaction
 * with what goes along with them; or, nothing left, the last batch — the merged account goes, its id answers
 * where it went, and the survivor counts it out.
 */
async function planAccountMerge(read: AccountMerge, at: string): Promise<PlannedBatch<AccountMerge>> {
  const moves: Move[] = [];
  let size = 1;
  let after = read.after;
  let end = false;
  pages: for await (const page of partitionPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': accountPartition(read.from) },
    ConsistentRead: true,
    Limit: 100,
    ...(read.after === undefined
      ? {}
      : { ExclusiveStartKey: { pk: accountPartition(read.from), sk: read.after } }),
  })) {
    for (const item of page.Items ?? []) {
      const move = moveOf(item, read, at);
      const needs = move.items.length + move.along;
      if (size + needs > PER_BATCH) break pages;
      moves.push(move);
      size += needs;
      after = String(item.sk);
    }
    end = page.LastEvaluatedKey === undefined;
  }
  if (moves.length === 0 && !end) {
    throw new Error(`Account merge of ${read.from}: one item needs more than a transaction holds.`);
  }
  const own = moves.flatMap((move) => move.items);
  // Past the end with nothing more to write: the last batch. (Passing over what stays is a batch of its own.)
  if (own.length > 0 || !end) {
    const moved = { ...read.moved };
    for (const { kind } of moves) if (kind !== undefined) moved[kind] += 1;
    return {
      next: { ...read, moved, ...(after === undefined ? {} : { after }) },
      items: [
        ...own,
        ...(await movedAlong(read, moves)),
        ...(own.length > 0 ? [survivorCheck(read.into)] : []),
      ],
      last: false,
    };
  }
  // The claims its records were created with are listed under the survivor now (an erasure looks there).
  await relistClaims(accountPartition(read.from), accountPartition(read.into));
  const [fromItem, intoItem] = await readItems([accountKey(read.from), accountKey(read.into)]);
  const from = fromItem === undefined ? undefined : toAccount(fromItem);
  const into = intoItem === undefined ? undefined : toAccount(intoItem);
  const later = later_(from?.lastContactAt, into?.lastContactAt);
  return {
    next: { ...read, state: 'done', finishedAt: at },
    items: [
      ...(from === undefined
        ? []
        : [
            {
              Delete: {
                TableName: TABLE_NAME,
                Key: accountKey(read.from),
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': from.version },
              },
            },
          ]),
      {
        Put: {
          TableName: TABLE_NAME,
          Item: mergedItem({
            id: read.from,
            entity: 'Account',
            mergedInto: read.into,
            accountId: read.into,
            mergedAt: at,
          }),
        },
      },
      {
        Update: {
          TableName: TABLE_NAME,
          Key: accountKey(read.into),
          UpdateExpression: `ADD incomingMerges :less SET updatedAt = :at, updatedBy = :actor, version = version + :one${
            later !== undefined && later !== into?.lastContactAt ? ', lastContactAt = :contact' : ''
          }`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':less': -1,
            ':at': at,
            ':actor': currentActor(),
            ':one': 1,
            ...(later !== undefined && later !== into?.lastContactAt ? { ':contact': later } : {}),
          },
        },
      },
    ],
    last: true,
  };
}

const later_ = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

/** One run of an account merge (for the event of the version that handed over to run `run`). */
export const continueAccountMerge = (
  fromId: string,
  run: number,
  now: () => Date,
  afterBatch?: (batch: number) => Promise<void> | void,
): Promise<RunOutcome> =>
  runBatches<AccountMerge>({
    read: () => getAccountMerge(fromId),
    write: versionedWrite((merge) => accountMerges.item(merge)),
    plan: planAccountMerge,
    run,
    now,
    afterBatch,
  });

// ——— Contacts ———

/**
 * POST /contacts/{into}/merge {from}: accept the merge of two contacts of one account (once — asked again, it
 * answers the same merge). In one transaction: the survivor takes the other's addresses (their claims now name
 * it, so mail from either finds it) and the fields it lacks; the other is marked (`mergingInto`: nothing new
 * names it); the merge is written. The records naming the other are relinked in batches from the stream.
 */
export async function startContactMerge(
  intoId: string,
  fromId: string,
  now: Date,
  /** Refuses a caller who may not change the account's contacts (404): the survivor's, and the other's. */
  guard: (accountId: string, contactId: string) => Promise<void> = async () => {},
): Promise<ContactMerge> {
  if (intoId === fromId) throw intoItself();
  const into = await contactById(intoId);
  await guard(into.accountId, intoId);
  const from = await contactById(fromId).catch((error: unknown) => {
    if (error instanceof NotFound) return undefined;
    throw error;
  });
  if (from === undefined) {
    // Gone: merged before (asked again, the same merge answers), or never there.
    const merged = await mergedInto(fromId);
    if (merged === undefined) throw new NotFound('Contact', fromId);
    // Its merge is kept under its account, or the account that account was merged into.
    const movedTo = await mergedInto(merged.accountId);
    const done = await getContactMerge(movedTo?.mergedInto ?? merged.accountId, fromId);
    if (done === undefined) throw alreadyMerged('Contact', fromId, merged.mergedInto);
    return sameMerge(done, intoId, 'Contact', fromId);
  }
  // A contact of an account the caller does not see is a 404, as if it did not exist.
  if (from.accountId !== into.accountId) await guard(from.accountId, fromId);
  if (from.accountId !== into.accountId) {
    throw new Conflict(
      `Contacts ${fromId} and ${intoId} are of different accounts: merge the accounts first (POST /accounts/${into.accountId}/merge), which brings their contacts together.`,
      [{ path: 'from', message: `Of account ${from.accountId}.` }],
    );
  }
  const { accountId } = into;
  const existing = await getContactMerge(accountId, fromId);
  if (existing !== undefined) return sameMerge(existing, intoId, 'Contact', fromId);
  for (const contact of [from, into]) {
    if (contact.mergingInto !== undefined) {
      throw new Conflict(`Contact ${contact.id} is being merged into ${contact.mergingInto}.`);
    }
  }
  if ((from.incomingMerges ?? 0) > 0) {
    throw new Conflict(`Contact ${fromId} is taking in another merged contact; merge it once that is done.`);
  }
  const merge = newContactMerge(fromId, intoId, accountId, now);
  const stamp = { updatedAt: now.toISOString(), updatedBy: currentActor() };
  // The survivor counts the merge in (it is not removed or merged away meanwhile), its account too (the account
  // is not merged or deleted meanwhile, nor does a contact merge begin while others are merged into it).
  const survivor = {
    ...survivingContact(into, from),
    incomingMerges: (into.incomingMerges ?? 0) + 1,
    ...stamp,
    version: into.version + 1,
  };
  const marked = { ...from, mergingInto: intoId, ...stamp, version: from.version + 1 };
  const addresses = addressesOf(from);
  const claims = await readItems(addresses.map((address) => emailClaimKey(address)));
  const onVersion = (contact: Contact, version: number): TransactItem => ({
    Put: {
      TableName: TABLE_NAME,
      Item: contacts.item(contact),
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': version },
    },
  });
  try {
    await transact([
      putNew(contactMerges.item(merge)),
      {
        Update: {
          TableName: TABLE_NAME,
          Key: accountKey(accountId),
          UpdateExpression:
            'ADD contactMerges :one SET updatedAt = :at, updatedBy = :actor, version = version + :one',
          ConditionExpression: `${LIVE_ACCOUNT} AND (attribute_not_exists(incomingMerges) OR incomingMerges = :zero)`,
          ExpressionAttributeValues: {
            ':one': 1,
            ':zero': 0,
            ':at': stamp.updatedAt,
            ':actor': stamp.updatedBy,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onVersion(survivor, into.version),
      onVersion(marked, from.version),
      ...addresses.flatMap((address, index): TransactItem[] =>
        claims[index]?.contactId === fromId
          ? [
              {
                Update: {
                  TableName: TABLE_NAME,
                  Key: emailClaimKey(address),
                  UpdateExpression: 'SET contactId = :into',
                  ConditionExpression: 'contactId = :from',
                  ExpressionAttributeValues: { ':into': intoId, ':from': fromId },
                },
              },
            ]
          : [],
      ),
    ]);
    return merge;
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    const accepted = await getContactMerge(accountId, fromId);
    if (accepted !== undefined) return sameMerge(accepted, intoId, 'Contact', fromId);
    if (error.failedAt(1)) {
      const account = error.items[1];
      if (account === undefined) throw new NotFound('Account', accountId);
      throw accountBusy(accountId, account) ?? takingInAccounts(accountId);
    }
    throw new Stale(`Contact ${fromId} or ${intoId} changed meanwhile; try again.`);
  }
}

/** The history entries of a contact, by sort-key prefix (platform/history.ts keys them by the record's key). */
const contactHistoryPrefix = (contactId: string) => `HISTORY#CONTACT#${contactId}#`;

async function planContactMerge(read: ContactMerge, at: string): Promise<PlannedBatch<ContactMerge>> {
  const { accountId, from, into } = read;
  const stamp = mergeStamp('contact', from);
  const pk = accountPartition(accountId);
  const relinked = { ...read.relinked };
  const items: TransactItem[] = [];
  if (read.phase === 'relink') {
    let after = read.after;
    let end = false;
    const taskLinks: string[] = [];
    pages: for await (const page of partitionPages({
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'contactId = :from OR #type = :link',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':link': 'TaskLink' },
      ConsistentRead: true,
      Limit: 200,
      ...(read.after === undefined ? {} : { ExclusiveStartKey: { pk, sk: read.after } }),
    })) {
      for (const item of page.Items ?? []) {
        if (items.length + taskLinks.length + 1 > PER_BATCH) break pages;
        after = String(item.sk);
        if (item.type === 'TaskLink') taskLinks.push(String(item.taskId));
        else {
          items.push(
            relink({ pk, sk: after }, 'contactId = :from', 'contactId = :into', { from, into, stamp, at }),
          );
          const kind = RELINKED_KIND_OF_TYPE[String(item.type)];
          if (kind !== undefined) relinked[kind] += 1;
        }
      }
      // The whole page was taken: the next batch starts where DynamoDB stopped reading.
      if (page.LastEvaluatedKey !== undefined) after = String(page.LastEvaluatedKey.sk);
      end = page.LastEvaluatedKey === undefined;
    }
    const tasks = taskLinks.length === 0 ? [] : await readItems(taskLinks.map((id) => taskKey(id)));
    taskLinks.forEach((taskId, index) => {
      const links = tasks[index]?.links as { contactId?: unknown } | undefined;
      if (links?.contactId !== from) return;
      items.push(
        relink(taskKey(taskId), 'links.contactId = :from', 'links.contactId = :into', {
          from,
          into,
          stamp,
          at,
        }),
      );
      relinked.tasks += 1;
    });
    return {
      next: end
        ? { ...read, relinked, phase: 'history', after: undefined }
        : { ...read, relinked, ...(after === undefined ? {} : { after }) },
      items,
      last: false,
    };
  }
  // Its history moves under the survivor's, keyed as the survivor's.
  const entries: Record<string, unknown>[] = [];
  for await (const page of partitionPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': contactHistoryPrefix(from) },
    ConsistentRead: true,
    Limit: Math.floor(PER_BATCH / 2),
  })) {
    entries.push(...(page.Items ?? []));
    break;
  }
  if (entries.length > 0) {
    for (const entry of entries) {
      const sk = `${contactHistoryPrefix(into)}${String(entry.sk).slice(contactHistoryPrefix(from).length)}`;
      items.push(removeItem(entry), putNew({ ...entry, sk, recordId: into, [MERGE_STAMP]: stamp }));
    }
    relinked.history += entries.length;
    return { next: { ...read, relinked }, items, last: false };
  }
  // The merged contact goes (its claims went to the survivor when the merge began); its id answers where it went.
  const found = await readItem(contactKey(accountId, from));
  const contact = found?.type === 'Contact' ? toContact(found) : undefined;
  return {
    next: { ...read, state: 'done', finishedAt: at },
    items: [
      ...(contact === undefined
        ? []
        : [
            {
              Delete: {
                TableName: TABLE_NAME,
                Key: { pk, sk: contacts.key(contact).sk },
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': contact.version },
              },
            },
          ]),
      {
        Put: {
          TableName: TABLE_NAME,
          Item: mergedItem({ id: from, entity: 'Contact', mergedInto: into, accountId, mergedAt: at }),
        },
      },
      countedOut(contactKey(accountId, into), at),
      countedOut(accountKey(accountId), at, 'contactMerges'),
    ],
    last: true,
  };
}

/** A merge done: the record that counted it in counts it out (if it is still there). */
const countedOut = (
  key: { pk: string; sk: string },
  at: string,
  counter = 'incomingMerges',
): TransactItem => ({
  Update: {
    TableName: TABLE_NAME,
    Key: key,
    UpdateExpression: `ADD ${counter} :less SET updatedAt = :at, updatedBy = :actor, version = version + :one`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':less': -1, ':at': at, ':actor': currentActor(), ':one': 1 },
  },
});

/** Point a record that names the merged contact at the survivor, on the condition it still names the other. */
function relink(
  key: { pk: string; sk: string },
  condition: string,
  set: string,
  merge: { from: string; into: string; stamp: string; at: string },
): TransactItem {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: key,
      UpdateExpression: `SET ${set}, ${MERGE_STAMP} = :stamp, updatedAt = :at, updatedBy = :actor, version = if_not_exists(version, :zero) + :one`,
      ConditionExpression: condition,
      ExpressionAttributeValues: {
        ':from': merge.from,
        ':into': merge.into,
        ':stamp': merge.stamp,
        ':at': merge.at,
        ':actor': currentActor(),
        ':zero': 0,
        ':one': 1,
      },
    },
  };
}

/** One run of a contact merge (for the event of the version that handed over to run `run`). */
export const continueContactMerge = (
  accountId: string,
  fromId: string,
  run: number,
  now: () => Date,
  afterBatch?: (batch: number) => Promise<void> | void,
): Promise<RunOutcome> =>
  runBatches<ContactMerge>({
    read: () => getContactMerge(accountId, fromId),
    write: versionedWrite((merge) => contactMerges.item(merge)),
    plan: planContactMerge,
    run,
    now,
    afterBatch,
  });
