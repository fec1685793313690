// POST /accounts → 201 + Location. With an Idempotency-Key, a retry answers the same and writes nothing.

import { httpHandler, json } from '../../platform/http.ts';
import { createOnce, idempotencyOf, putNew } from '../../platform/store.ts';
import { AccountCreate, accountItem, newAccount } from '../account.ts';

export const handler = httpHandler({ body: AccountCreate }, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /accounts', body);
  const account = newAccount(body, new Date());
  return createOnce(
    [putNew(accountItem(account))],
    json(201, account, { Location: `/accounts/${account.id}`, ETag: `"${account.version}"` }),
    idempotency,
    (refused) => refused,
  );
});
