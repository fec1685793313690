// PATCH /deals/{id} → 200: change fields or move the stage; an illegal move → 409 naming the allowed ones, a
// stale If-Match → 412, a move to lost without a reason on the list → 400, and nothing written either way;
// someone else's deal under `own` visibility → 404.
import { allChecked, NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { sees } from '../../platform/visibility.ts';
import { assertMembers } from '../../team/services.ts';
import { updateDeal } from '../deal-store.ts';
import { assertLostReason } from '../lost-reason-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateDeal, async ({ params, body, ifMatch, principal }) => {
  await allChecked([
    assertMembers([{ path: 'ownerId', id: body.ownerId, role: 'sales' }]),
    ...(body.lostReason === undefined ? [] : [assertLostReason(body.lostReason)]),
  ]);
  const deal = await updateDeal(params.id, body, ifMatch, new Date(), (current) => {
    if (!sees(principal, 'deals', current.ownerId)) throw new NotFound('Deal', params.id);
  });
  return versioned(200, deal);
});
