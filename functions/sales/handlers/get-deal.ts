// GET /deals/{id} → 200 | 404.

import { httpHandler, json } from '../../platform/http.ts';
import { DealPath } from '../deal.ts';
import { getDeal } from '../deal-store.ts';

export const handler = httpHandler({ params: DealPath }, async ({ params }) => {
  const deal = await getDeal(params.id);
  return json(200, deal, { ETag: `"${deal.version}"` });
});
