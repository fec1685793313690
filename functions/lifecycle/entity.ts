// Where the lifecycle area's records are kept: an account's deletion under the account's own partition
// (`ACCOUNT#<id>` / `DELETION`), where it stays after the account is gone, with the invoices kept; merges
// likewise (`MERGE`, `MERGE#CONTACT#<id>`).
import { accountPartition } from '../accounts/index.ts';
import { entity, type Key, recordOf } from '../platform/entity.ts';
import type { AccountDeletion } from './deletion.ts';
import type { AccountMerge, ContactMerge } from './merge.ts';

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
