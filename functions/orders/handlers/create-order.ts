// POST /orders → 201: a sale on an account — catalogue lines (productId, quantity, an agreed unitPrice or the list
// price) and tailored lines (description, quantity, unitPrice) — standard or tailored work (engagementType).

import { guardAccount } from '../../accounts/services.ts';
import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce, replayOf } from '../../platform/store.ts';
import { newOrder, type Order } from '../order.ts';
import { orderCreateItems, orderCreateRefused } from '../order-store.ts';
import { productsOf } from '../product-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createOrder, async ({ body, principal, header }) => {
  await guardAccount(principal, body.accountId);
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /orders', body);
  // A retry is answered as the order was placed, whatever the catalogue says since.
  const earlier = await replayOf<Order>(idempotency);
  if (earlier !== undefined) return created(earlier, `/orders/${earlier.id}`, true);
  // The lines keep the products as they are read now: a later change of the catalogue leaves the order be.
  const catalogue = await productsOf(body.lines.flatMap((line) => line.productId ?? []));
  const order = newOrder(body, catalogue, new Date());
  const { record, replayed } = await createOnce(
    orderCreateItems(order),
    order,
    idempotency,
    orderCreateRefused(order),
  );
  return created(record, `/orders/${record.id}`, replayed);
});
