// PATCH /accounts/{id} → 200 with version + 1; a stale If-Match → 412 and nothing written.

import { httpHandler, parseIfMatch, versioned } from '../../platform/http.ts';
import { AccountPatch, AccountPath } from '../account.ts';
import { updateAccount } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateAccount, async ({ params, body, ifMatch }) => {
  const account = await updateAccount(params.id, body, ifMatch, new Date());
  return versioned(200, account);
});
