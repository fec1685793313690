// GET /accounts/{id} → 200 | 404.
import { AccountPath } from './domain/account.ts';
import { getAccount } from './domain/account-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: AccountPath }, async ({ params }) => {
  const account = await getAccount(params.id);
  return json(200, account, { ETag: `"${account.version}"` });
});
