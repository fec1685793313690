// Where the lifecycle area's records are kept: an account's deletion under the account's own partition
// (`ACCOUNT#<id>` / `DELETION`), where it stays after the account is gone, with the invoices kept.
import { accountPartition } from '../accounts/index.ts';
import { entity, type Key, recordOf } from '../platform/entity.ts';
import type { AccountDeletion } from './deletion.ts';

export const deletionKey = (accountId: string): Key => ({ pk: accountPartition(accountId), sk: 'DELETION' });

export const accountDeletions = /* @__PURE__ */ entity({
  type: 'AccountDeletion',
  key: (deletion: AccountDeletion): Key => deletionKey(deletion.accountId),
  indexes: {},
});

export const toDeletion = (item: Record<string, unknown>) => recordOf<AccountDeletion>(item);
