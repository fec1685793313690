// GET /deals/{id} → 200 | 404.
import { DealPath } from './domain/deal.ts';
import { getDeal } from './domain/deal-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: DealPath }, async ({ params }) => {
  const deal = await getDeal(params.id);
  return json(200, deal, { ETag: `"${deal.version}"` });
});
