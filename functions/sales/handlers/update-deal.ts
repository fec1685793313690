// PATCH /deals/{id} → 200: change fields or move the stage; an illegal move → 409 naming the allowed ones,
// a stale If-Match → 412, and nothing written either way.
import { httpHandler, json, parseIfMatch } from '../../platform/http.ts';
import { DealPatch, DealPath } from '../deal.ts';
import { updateDeal } from '../deal-store.ts';

export const handler = httpHandler(
  { params: DealPath, body: DealPatch },
  async ({ params, body, header }) => {
    const deal = await updateDeal(params.id, body, parseIfMatch(header('if-match')), new Date());
    return json(200, deal, { ETag: `"${deal.version}"` });
  },
);
