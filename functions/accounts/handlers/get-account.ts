// GET /accounts/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { AccountPath } from '../account.ts';
import { getAccount } from '../account-store.ts';

export const handler = httpHandler({ params: AccountPath }, async ({ params }) => {
  const account = await getAccount(params.id);
  return versioned(200, account);
});
