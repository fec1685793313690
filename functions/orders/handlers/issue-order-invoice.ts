// OrderStatusChanged → fulfilled: exactly one bill for the order, however often the event arrives — an invoice,
// or an internal account's charge.
import { OrderStatusChangedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { billOrder } from '../order-store.ts';

export const handler = eventHandler(
  OrderStatusChangedDetail,
  async ({ data: order }) => {
    const { bill, issued } = await billOrder(order, new Date());
    return { orderId: order.id, billed: bill.kind, billId: bill.bill.id, issued };
  },
  { message: 'order billed' },
);
