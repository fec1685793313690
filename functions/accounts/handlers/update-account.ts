// PATCH /accounts/{id} → 200 with version + 1; a stale If-Match → 412 and nothing written; someone else's
// account under `own` visibility → 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { scopeOf } from '../../platform/visibility.ts';
import { assertMembers } from '../../team/services.ts';
import { updateAccount } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateAccount, async ({ params, body, ifMatch, principal }) => {
  await assertMembers([
    { path: 'ownerId', id: body.ownerId, role: 'sales' },
    { path: 'accountManagerId', id: body.accountManagerId, role: 'service' },
  ]);
  // Under `own`, the write's own condition keeps to the caller's account: one call, and no race with a handover.
  const ownedBy = scopeOf(principal, 'accounts') === 'own' ? principal.memberId : undefined;
  const account = await updateAccount(params.id, body, ifMatch, new Date(), ownedBy);
  return versioned(200, account);
});
