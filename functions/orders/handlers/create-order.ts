// POST /orders → 201: a purchase (lines of product, quantity, unit price in minor units) on an account.

import { guardAccount } from '../../accounts/services.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { newOrder } from '../order.ts';
import { orderCreateItems, orderCreateRefused } from '../order-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createOrder, async ({ body, principal, header }) => {
  await guardAccount(principal, body.accountId);
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /orders', body);
  const order = newOrder(body, new Date());
  const { record, replayed } = await createOnce(
    orderCreateItems(order),
    order,
    idempotency,
    orderCreateRefused(order),
  );
  return created(record, `/orders/${record.id}`, replayed);
});
