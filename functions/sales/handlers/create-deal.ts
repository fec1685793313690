// POST /deals → 201: a deal on an account (the account must exist), in an open stage.

import { httpHandler, json } from '../../platform/http.ts';
import { createOnce, idempotencyOf } from '../../platform/store.ts';
import { DealCreate, newDeal } from '../deal.ts';
import { dealCreateItems, dealCreateRefused } from '../deal-store.ts';

export const handler = httpHandler({ body: DealCreate }, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /deals', body);
  const deal = newDeal(body, new Date());
  return createOnce(
    dealCreateItems(deal),
    json(201, deal, { Location: `/deals/${deal.id}`, ETag: `"${deal.version}"` }),
    idempotency,
    dealCreateRefused(deal),
  );
});
