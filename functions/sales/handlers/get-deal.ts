// GET /deals/{id} → 200 | 404 (also for someone else's deal under `own` visibility).

import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { sees } from '../../platform/visibility.ts';
import { getDeal } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getDeal, async ({ params, principal }) => {
  const deal = await getDeal(params.id);
  if (!sees(principal, 'deals', deal.ownerId)) throw new NotFound('Deal', params.id);
  return versioned(200, deal);
});
