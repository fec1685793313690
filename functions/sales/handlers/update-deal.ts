// PATCH /deals/{id} → 200: change fields or move the stage; an illegal move → 409 naming the allowed ones,
// a stale If-Match → 412, and nothing written either way.
import { httpHandler, parseIfMatch, versioned } from '../../platform/http.ts';
import { DealPatch, DealPath } from '../deal.ts';
import { updateDeal } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateDeal, async ({ params, body, ifMatch }) => {
  const deal = await updateDeal(params.id, body, ifMatch, new Date());
  return versioned(200, deal);
});
