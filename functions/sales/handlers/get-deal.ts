// GET /deals/{id} → 200 | 404.

import { httpHandler, versioned } from '../../platform/http.ts';
import { DealPath } from '../deal.ts';
import { getDeal } from '../deal-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getDeal, async ({ params }) => {
  const deal = await getDeal(params.id);
  return versioned(200, deal);
});
