// GET /accounts/{id} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { AccountPath } from '../account.ts';
import { getAccount } from '../account-store.ts';

export const handler = httpHandler({ params: AccountPath }, async ({ params }) => {
  const account = await getAccount(params.id);
  return json(200, account, { ETag: `"${account.version}"` });
});
