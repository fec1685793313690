// Where orders and invoices are kept: under their account's partition, with an order indexed by status and
// both in the type index; and the counter that numbers a year's invoices.
import { accountPartition } from '../accounts/index.ts';
import { byType, entity } from '../platform/entity.ts';
import type { Invoice, Order } from './order.ts';

const ORDER_PREFIX = 'ORDER#';
export const orderKey = (accountId: string, orderId: string) =>
  ({ pk: accountPartition(accountId), sk: `${ORDER_PREFIX}${orderId}` }) as const;

export const INVOICE_PREFIX = 'INVOICE#';
export const invoiceKey = (accountId: string, invoiceId: string) =>
  ({ pk: accountPartition(accountId), sk: `${INVOICE_PREFIX}${invoiceId}` }) as const;

const statusPartition = (status: string) => `ORDER#STATUS#${status}`;

export const orders = /* @__PURE__ */ entity({
  type: 'Order',
  key: (order: Order) => orderKey(order.accountId, order.id),
  indexes: {
    byStatus: {
      index: 'gsi2',
      partition: statusPartition,
      key: (order: Pick<Order, 'id' | 'status'>) => ({
        pk: statusPartition(order.status),
        sk: `${ORDER_PREFIX}${order.id}`,
      }),
    },
    all: /* @__PURE__ */ byType<Order>('ORDER'),
  },
});

export const invoices = /* @__PURE__ */ entity({
  type: 'Invoice',
  key: (invoice: Invoice) => invoiceKey(invoice.accountId, invoice.id),
  indexes: { all: /* @__PURE__ */ byType<Invoice>('INVOICE') },
});

/** The counter holding the last invoice number issued in `year`. */
export const invoiceCounterKey = (year: string) =>
  ({ pk: `COUNTER#INVOICE#${year}`, sk: 'COUNTER' }) as const;
