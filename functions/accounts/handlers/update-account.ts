// PATCH /accounts/{id} → 200 with version + 1; a stale If-Match → 412 and nothing written; someone else's
// account under `own` visibility → 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { assertMembers } from '../../team/services.ts';
import { guardAccount, updateAccount } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateAccount, async ({ params, body, ifMatch, principal }) => {
  await guardAccount(principal, params.id);
  await assertMembers([{ path: 'ownerId', id: body.ownerId, role: 'sales' }]);
  const account = await updateAccount(params.id, body, ifMatch, new Date());
  return versioned(200, account);
});
