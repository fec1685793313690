// GET /accounts/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { AccountPath } from '../account.ts';
import { getAccount } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getAccount, async ({ params }) => {
  const account = await getAccount(params.id);
  return versioned(200, account);
});
