// OrderStatusChanged → fulfilled: exactly one invoice for the order, however often the event arrives.
import type { EventBridgeEvent } from 'aws-lambda';
import { OrderStatusChangedDetail } from './domain/event-schemas.ts';
import { invoiceOrder } from './domain/order-store.ts';
import { logger } from './shared/logger.ts';
import * as z from './shared/zod.ts';

export const handler = async (event: EventBridgeEvent<'OrderStatusChanged', unknown>): Promise<void> => {
  const { data: order, eventId } = z.parse(OrderStatusChangedDetail, event.detail);
  const { invoice, issued } = await invoiceOrder(order, new Date());
  logger.info('order invoiced', { orderId: order.id, invoiceId: invoice.id, issued, eventId });
};
