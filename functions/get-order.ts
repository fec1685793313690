// GET /orders/{id} → 200 | 404.
import { OrderPath } from './domain/order.ts';
import { getOrder } from './domain/order-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: OrderPath }, async ({ params }) =>
  json(200, await getOrder(params.id)),
);
