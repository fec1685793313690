// POST /accounts → 201 + Location. With an Idempotency-Key, a retry answers the same and writes nothing.

import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { ownedByDefault } from '../../platform/visibility.ts';
import { assertMembers } from '../../team/services.ts';
import { newAccount } from '../account.ts';
import { accountCreateItems } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createAccount, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /accounts', body);
  const owned = ownedByDefault(principal, 'accounts', 'ownerId', body);
  // The owner closes the business; the account manager (a client's) serves it, so takes its tickets.
  await assertMembers([
    { path: 'ownerId', id: owned.ownerId, role: 'sales' },
    { path: 'accountManagerId', id: owned.accountManagerId, role: 'service' },
  ]);
  const account = newAccount(owned, new Date());
  const { record, replayed } = await createOnce(
    accountCreateItems(account),
    account,
    idempotency,
    (refused) => refused,
  );
  return created(record, `/accounts/${record.id}`, replayed, record.version);
});
