// POST /orders → 201: a purchase (lines of product, quantity, unit price in minor units) on an account.
import { newOrder, OrderCreate } from './domain/order.ts';
import { orderCreateItems, orderCreateRefused } from './domain/order-store.ts';
import { createOnce, idempotencyOf } from './domain/store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ body: OrderCreate }, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /orders', body);
  const order = newOrder(body, new Date());
  return createOnce(
    orderCreateItems(order),
    json(201, order, { Location: `/orders/${order.id}` }),
    idempotency,
    orderCreateRefused(order),
  );
});
