// Match keys kept from the stream, and the likely duplicates read through them. Each account or contact change
// that touches a matched field recomputes the record's keys from the record as it is now (so a redelivered or
// late event leaves them right) and writes the difference in one transaction, on the version read — of two
// events racing, the one that read an older version is refused and run again. A record gone takes its keys.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  accountKey,
  accountPartition,
  type Contact,
  contactKey,
  toAccount,
  toContact,
} from '../accounts/index.ts';
import { accountBusy, LIVE_ACCOUNT, liveAccount } from '../accounts/services.ts';
import type { Caller } from '../platform/access.ts';
import { partitionItems } from '../platform/batches.ts';
import { documentClient } from '../platform/clients.ts';
import { NotFound } from '../platform/errors.ts';
import {
  putNew,
  readItem,
  readItems,
  type TransactItem,
  TransactionRefused,
  transact,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { sees } from '../platform/visibility.ts';
import { matchKeys, matchRange, type StoredMatchKey } from './entity.ts';
import {
  accountMatchKeys,
  contactMatchKeys,
  MATCH_WEIGHTS,
  type MatchKey,
  type MatchKind,
  type MatchScope,
} from './matching.ts';

type Matched = 'Account' | 'Contact';

/** How many records one key's partition is read for (a very common name is not a list of the whole CRM). */
const PER_KEY = 25;

const keyId = (key: MatchKey) => `${key.scope}#${key.kind}#${key.value}`;

async function storedKeys(
  accountId: string,
  recordType: Matched,
  recordId: string,
): Promise<StoredMatchKey[]> {
  const stored: StoredMatchKey[] = [];
  for await (const item of partitionItems({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :range)',
    ExpressionAttributeValues: {
      ':pk': accountPartition(accountId),
      ':range': matchRange(recordType, recordId),
    },
    ConsistentRead: true,
  })) {
    stored.push({
      scope: item.scope as MatchScope,
      kind: item.kind as MatchKind,
      value: String(item.value),
      recordType,
      recordId,
      accountId,
    });
  }
  return stored;
}

/**
 * Bring a record's match keys in line with the record as it is now: what it should have is put, what it should
 * not is removed, with a check that the record is still at the version read (or still gone) and its account
 * still takes records. While the account is being deleted or merged nothing is written: that work takes the keys
 * along. A transaction refused (the record changed meanwhile) reads again, a few times.
 */
export async function keepMatchKeys(
  recordType: Matched,
  recordId: string,
  accountId: string,
): Promise<{ put: number; removed: number } | 'account busy'> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await keepOnce(recordType, recordId, accountId);
    } catch (error) {
      if (!(error instanceof TransactionRefused) || attempt >= 5) throw error;
    }
  }
}

/**
 * A record just made: its keys put straight from the record as announced, in one transaction that holds only
 * while the record is still at that version (and its account takes records) — no read. Undefined when it does
 * not hold (changed since, or going): then the keys are brought in line the long way (keepMatchKeys).
 */
export async function putKeysOfNew(
  recordType: Matched,
  record: Record<string, unknown> & { readonly id: string; readonly accountId: string },
): Promise<{ put: number } | undefined> {
  const { id: recordId, accountId } = record;
  const keys =
    recordType === 'Account' ? accountMatchKeys(toAccount(record)) : contactMatchKeys(toContact(record));
  if (keys.length === 0) return { put: 0 };
  const key = recordType === 'Account' ? accountKey(accountId) : contactKey(accountId, recordId);
  const condition = recordType === 'Account' ? `version = :read AND ${LIVE_ACCOUNT}` : 'version = :read';
  try {
    await transact([
      {
        ConditionCheck: {
          TableName: TABLE_NAME,
          Key: key,
          ConditionExpression: condition,
          ExpressionAttributeValues: { ':read': record.version },
        },
      },
      ...(recordType === 'Contact' ? [liveAccount(accountId)] : []),
      // A plain put: the same key put again (a redelivery) changes nothing.
      ...keys.map(
        (match): TransactItem => ({
          Put: { TableName: TABLE_NAME, Item: matchKeys.item({ ...match, recordType, recordId, accountId }) },
        }),
      ),
    ]);
    return { put: keys.length };
  } catch (error) {
    if (error instanceof TransactionRefused) return undefined;
    throw error;
  }
}

async function keepOnce(recordType: Matched, recordId: string, accountId: string) {
  const key = recordType === 'Account' ? accountKey(accountId) : contactKey(accountId, recordId);
  const [read, account] = await readItems([key, accountKey(accountId)]);
  if (account !== undefined && accountBusy(accountId, account) !== undefined) return 'account busy' as const;
  // A stub a merge left, or a record erased, has no keys: it is about no one any more.
  const item = read?.type === recordType ? read : undefined;
  const wanted: MatchKey[] =
    item === undefined || item.erasedAt !== undefined
      ? []
      : recordType === 'Account'
        ? accountMatchKeys(toAccount(item))
        : contactMatchKeys(toContact(item));
  const stored = await storedKeys(accountId, recordType, recordId);
  const have = new Set(stored.map(keyId));
  const want = new Set(wanted.map(keyId));
  const removed = stored.filter((match) => !want.has(keyId(match)));
  const added = wanted.filter((match) => !have.has(keyId(match)));
  if (removed.length === 0 && added.length === 0) return { put: 0, removed: 0 };
  const onRecord: TransactItem = {
    ConditionCheck: {
      TableName: TABLE_NAME,
      Key: key,
      ...(item === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : recordType === 'Account'
          ? {
              ConditionExpression: `version = :read AND ${LIVE_ACCOUNT}`,
              ExpressionAttributeValues: { ':read': item.version },
            }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': item.version } }),
    },
  };
  const checks =
    item !== undefined && recordType === 'Contact' ? [onRecord, liveAccount(accountId)] : [onRecord];
  await transact([
    ...checks,
    ...removed.map(
      (match): TransactItem => ({ Delete: { TableName: TABLE_NAME, Key: matchKeys.key(match) } }),
    ),
    ...added.map((match) => putNew(matchKeys.item({ ...match, recordType, recordId, accountId }))),
  ]);
  return { put: added.length, removed: removed.length };
}

export interface Duplicate<R> {
  readonly score: number;
  readonly matchedOn: MatchKind[];
  readonly record: R;
}

/** The records sharing each of `keys` (but `self`), with the kinds each shares. */
async function sharing(
  keys: readonly MatchKey[],
  self: string,
  candidate: (item: Record<string, unknown>) => string | undefined,
): Promise<Map<string, Set<MatchKind>>> {
  const found = new Map<string, Set<MatchKind>>();
  const partitions = [...new Map(keys.map((key) => [keyId(key), key])).values()];
  await Promise.all(
    partitions.map(async (key) => {
      const { byValue } = matchKeys.indexes;
      const { Items } = await documentClient.send(
        new QueryCommand({
          TableName: TABLE_NAME,
          IndexName: byValue.index,
          KeyConditionExpression: `${byValue.index}pk = :pk`,
          ExpressionAttributeValues: { ':pk': byValue.partition(key) },
          Limit: PER_KEY,
        }),
      );
      for (const item of Items ?? []) {
        const id = candidate(item);
        if (id === undefined || id === self) continue;
        const kinds = found.get(id) ?? new Set<MatchKind>();
        kinds.add(key.kind);
        found.set(id, kinds);
      }
    }),
  );
  return found;
}

/** Rank candidates by the weight of what they share, best first (then by id, for a stable order). */
function ranked<R>(
  scope: MatchScope,
  found: Map<string, Set<MatchKind>>,
  records: Map<string, R>,
  limit: number,
): Duplicate<R>[] {
  const weights = MATCH_WEIGHTS[scope];
  return [...found.entries()]
    .flatMap(([id, kinds]) => {
      const record = records.get(id);
      if (record === undefined) return [];
      const matchedOn = [...kinds].sort();
      return [{ score: matchedOn.reduce((sum, kind) => sum + (weights[kind] ?? 1), 0), matchedOn, record }];
    })
    .sort(
      (a, b) =>
        b.score - a.score || (a.record as { id: string }).id.localeCompare((b.record as { id: string }).id),
    )
    .slice(0, limit);
}

/** GET /accounts/{id}/duplicates: accounts sharing its name or one of its contacts' company domains. */
export async function accountDuplicates(caller: Caller, accountId: string, limit: number) {
  const item = await readItem(accountKey(accountId));
  if (item === undefined) throw new NotFound('Account', accountId);
  const account = toAccount(item);
  if (!sees(caller, 'accounts', account.ownerId)) throw new NotFound('Account', accountId);
  // Its keys, and its contacts' domains: one Query of its partition's match range.
  const keys: MatchKey[] = [...accountMatchKeys(account)];
  for await (const stored of partitionItems({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :range)',
    ExpressionAttributeValues: { ':pk': accountPartition(accountId), ':range': 'MATCH#CONTACT#' },
  })) {
    if (stored.scope === 'ACCOUNT') {
      keys.push({ scope: 'ACCOUNT', kind: stored.kind as MatchKind, value: String(stored.value) });
    }
  }
  const found = await sharing(keys, accountId, (match) =>
    typeof match.accountId === 'string' ? match.accountId : undefined,
  );
  const ids = [...found.keys()];
  const accounts = (await readItems(ids.map((id) => accountKey(id)))).flatMap((found) =>
    found === undefined ? [] : [toAccount(found)],
  );
  const visible = accounts.filter((candidate) => sees(caller, 'accounts', candidate.ownerId));
  return { items: ranked('ACCOUNT', found, new Map(visible.map((one) => [one.id, one])), limit) };
}

/** GET /contacts/{id}/duplicates: contacts sharing its name, its phone or its mailbox, in any account seen. */
export async function contactDuplicates(
  contact: Contact,
  seesAccount: (accountId: string) => Promise<boolean>,
  limit: number,
) {
  const keys = contactMatchKeys(contact).filter((key) => key.scope === 'CONTACT');
  const found = await sharing(keys, contact.id, (match) =>
    typeof match.recordId === 'string' && typeof match.accountId === 'string'
      ? `${match.accountId}#${match.recordId}`
      : undefined,
  );
  found.delete(`${contact.accountId}#${contact.id}`);
  const pairs = [...found.keys()].map((pair) => pair.split('#') as [string, string]);
  const contacts = (await readItems(pairs.map(([accountId, id]) => contactKey(accountId, id)))).flatMap(
    (found) => (found === undefined ? [] : [toContact(found)]),
  );
  const seen = new Map<string, boolean>();
  for (const accountId of new Set(contacts.map((one) => one.accountId))) {
    seen.set(accountId, await seesAccount(accountId));
  }
  const visible = contacts.filter((one) => seen.get(one.accountId) === true);
  return {
    items: ranked(
      'CONTACT',
      found,
      new Map(visible.map((one) => [`${one.accountId}#${one.id}`, one])),
      limit,
    ),
  };
}

/**
 * The accounts whose name folds to `nameKey` (matching.ts's companyNameKey), oldest first, up to `limit`: how
 * an imported company finds an account made some other way. The index is kept from the stream, so an account
 * made a moment ago may not be found yet.
 */
export async function accountsNamed(nameKey: string, limit = 5): Promise<string[]> {
  const { byValue } = matchKeys.indexes;
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: byValue.index,
      KeyConditionExpression: `${byValue.index}pk = :pk AND begins_with(${byValue.index}sk, :accounts)`,
      ExpressionAttributeValues: {
        ':pk': byValue.partition({ scope: 'ACCOUNT', kind: 'name', value: nameKey.slice(0, 200) }),
        ':accounts': 'ACCOUNT#',
      },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => String(item.accountId));
}
