// OrderStatusChanged → fulfilled: exactly one invoice for the order, however often the event arrives.
import { OrderStatusChangedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { invoiceOrder } from '../order-store.ts';

export const handler = eventHandler(
  OrderStatusChangedDetail,
  async ({ data: order }) => {
    const { invoice, issued } = await invoiceOrder(order, new Date());
    return { orderId: order.id, invoiceId: invoice.id, issued };
  },
  { message: 'order invoiced' },
);
