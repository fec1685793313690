// Where the lifecycle area's records are kept: an account's deletion under the account's own partition
// (`ACCOUNT#<id>` / `DELETION`), where it stays after the account is gone, with the invoices kept; merges
// likewise (`MERGE`, `MERGE#CONTACT#<id>`).
import { accountPartition } from '../accounts/index.ts';
import { entity, type Key, recordOf } from '../platform/entity.ts';
import type { AccountDeletion } from './deletion.ts';
import type { MatchKey } from './matching.ts';
import type { AccountMerge, ContactMerge } from './merge.ts';
import type { Erasure } from './person.ts';

export const deletionKey = (accountId: string): Key => ({ pk: accountPartition(accountId), sk: 'DELETION' });

export const accountDeletions = /* @__PURE__ */ entity({
  type: 'AccountDeletion',
  key: (deletion: AccountDeletion): Key => deletionKey(deletion.accountId),
  indexes: {},
});

export const toDeletion = (item: Record<string, unknown>) => recordOf<AccountDeletion>(item);

/** An account's merge into another, under the merged account's partition, where it stays once that is gone. */
export const accountMergeKey = (fromId: string): Key => ({ pk: accountPartition(fromId), sk: 'MERGE' });

export const accountMerges = /* @__PURE__ */ entity({
  type: 'AccountMerge',
  key: (merge: AccountMerge): Key => accountMergeKey(merge.from),
  indexes: {},
});

/** A contact's merge into another of its account, under the account. */
export const CONTACT_MERGE_PREFIX = 'MERGE#CONTACT#';
export const contactMergeKey = (accountId: string, fromId: string): Key => ({
  pk: accountPartition(accountId),
  sk: `${CONTACT_MERGE_PREFIX}${fromId}`,
});

export const contactMerges = /* @__PURE__ */ entity({
  type: 'ContactMerge',
  key: (merge: ContactMerge): Key => contactMergeKey(merge.accountId, merge.from),
  indexes: {},
});

export const toAccountMerge = (item: Record<string, unknown>) => recordOf<AccountMerge>(item);
export const toContactMerge = (item: Record<string, unknown>) => recordOf<ContactMerge>(item);

/** A record's match key, stored (matching.ts): under its account, in the index partition of its value. */
export interface StoredMatchKey extends MatchKey {
  readonly recordType: 'Account' | 'Contact';
  readonly recordId: string;
  readonly accountId: string;
}

/** The sort-key range of a record's match keys under its account: the account's own, or one contact's. */
export const matchRange = (recordType: 'Account' | 'Contact', recordId: string) =>
  recordType === 'Account' ? 'MATCH#ACCOUNT#' : `MATCH#CONTACT#${recordId}#`;

const matchPartition = (key: MatchKey) => `MATCH#${key.scope}#${key.kind}#${key.value}`;

export const matchKeys = /* @__PURE__ */ entity({
  type: 'MatchKey',
  key: (match: StoredMatchKey): Key => ({
    pk: accountPartition(match.accountId),
    sk: `${matchRange(match.recordType, match.recordId)}${match.scope}#${match.kind}#${match.value}`,
  }),
  indexes: {
    /** The records sharing a key: its value's partition, by record. */
    byValue: {
      index: 'gsi3',
      partition: matchPartition,
      key: (match: StoredMatchKey) => ({
        pk: matchPartition(match),
        sk: `${match.recordType.toUpperCase()}#${match.recordId}`,
      }),
    },
  },
});

/** An erasure's record: who erased which contact, when — no personal data (`ERASURE#<contactId>`). */
export const erasureKey = (contactId: string): Key => ({ pk: `ERASURE#${contactId}`, sk: 'ERASURE' });

export const erasures = /* @__PURE__ */ entity({
  type: 'Erasure',
  key: (erasure: Erasure): Key => erasureKey(erasure.contactId),
  indexes: {},
});

export const toErasure = (item: Record<string, unknown>) => recordOf<Erasure>(item);
