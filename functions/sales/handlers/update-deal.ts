// PATCH /deals/{id} → 200: change fields or move the stage; an illegal move → 409 naming the allowed ones,
// a stale If-Match → 412, and nothing written either way; someone else's deal under `own` visibility → 404.
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { scopeOf, sees } from '../../platform/visibility.ts';
import { assertMembers } from '../../team/services.ts';
import { getDeal, updateDeal } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateDeal, async ({ params, body, ifMatch, principal }) => {
  if (
    scopeOf(principal, 'deals') === 'own' &&
    !sees(principal, 'deals', (await getDeal(params.id)).ownerId)
  ) {
    throw new NotFound('Deal', params.id);
  }
  await assertMembers([{ path: 'ownerId', id: body.ownerId, role: 'sales' }]);
  const deal = await updateDeal(params.id, body, ifMatch, new Date());
  return versioned(200, deal);
});
