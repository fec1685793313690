// POST /accounts → 201 + Location. With an Idempotency-Key, a retry answers the same and writes nothing.
import { AccountCreate, accountItem, newAccount } from './domain/account.ts';
import { createOnce, readIdempotencyKey } from './domain/store.ts';
import { httpHandler, json } from './shared/http.ts';
import { requirePrincipal } from './shared/principal.ts';
import { TABLE_NAME } from './shared/table.ts';

export const handler = httpHandler({ body: AccountCreate }, async ({ body, principal, header }) => {
  const caller = requirePrincipal(principal);
  const key = readIdempotencyKey(header('idempotency-key'));
  const account = newAccount(body, new Date());
  return createOnce(
    [
      {
        Put: {
          TableName: TABLE_NAME,
          Item: accountItem(account),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    json(201, account, { Location: `/accounts/${account.id}`, ETag: `"${account.version}"` }),
    key === undefined ? undefined : { key, scope: `${caller.sub}|POST /accounts`, payload: body },
    (refused) => refused,
  );
});
