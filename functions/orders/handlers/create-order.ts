// POST /orders → 201: a purchase (lines of product, quantity, unit price in minor units) on an account.

import { httpHandler, json } from '../../platform/http.ts';
import { createOnce, idempotencyOf } from '../../platform/store.ts';
import { newOrder, OrderCreate } from '../order.ts';
import { orderCreateItems, orderCreateRefused } from '../order-store.ts';

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
