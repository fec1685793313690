// PATCH /orders/{id} {status} → 200: placed → in_fulfillment → fulfilled, or cancelled before fulfilment;
// any other move → 409 naming the allowed ones, a stale If-Match → 412, and nothing written.
import { httpHandler, json, parseIfMatch } from '../../platform/http.ts';
import { OrderPatch, OrderPath } from '../order.ts';
import { moveOrder } from '../order-store.ts';

export const handler = httpHandler(
  { params: OrderPath, body: OrderPatch },
  async ({ params, body, header }) => {
    const order = await moveOrder(params.id, body.status, parseIfMatch(header('if-match')), new Date());
    return json(200, order, { ETag: `"${order.version}"` });
  },
);
