// PATCH /orders/{id} {status} → 200: placed → in_fulfillment → fulfilled, or cancelled before fulfilment;
// any other move → 409 naming the allowed ones, and nothing written.
import { OrderPatch, OrderPath } from './domain/order.ts';
import { moveOrder } from './domain/order-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: OrderPath, body: OrderPatch }, async ({ params, body }) =>
  json(200, await moveOrder(params.id, body.status, new Date())),
);
