// OrderStatusChanged → fulfilled: exactly one invoice for the order, however often the event arrives.
import type { EventBridgeEvent } from 'aws-lambda';
import { OrderStatusChangedDetail } from '../../events/index.ts';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { invoiceOrder } from '../order-store.ts';

export const handler = async (event: EventBridgeEvent<'OrderStatusChanged', unknown>): Promise<void> => {
  const { data: order, eventId } = z.parse(OrderStatusChangedDetail, event.detail);
  const { invoice, issued } = await invoiceOrder(order, new Date());
  logger.info('order invoiced', { orderId: order.id, invoiceId: invoice.id, issued, eventId });
};
