// Where orders, invoices and internal charges are kept: under their account's partition, with an order indexed
// by status and each in the type index; the counters that number a year's invoices and charges; and the
// catalogue's products, each with the claim that keeps its SKU to it.
import { accountPartition } from '../accounts/index.ts';
import { byType, entity } from '../platform/entity.ts';
import type { Charge, Invoice, Order } from './order.ts';
import { normaliseSku, type Product } from './product.ts';

const ORDER_PREFIX = 'ORDER#';
export const orderKey = (accountId: string, orderId: string) =>
  ({ pk: accountPartition(accountId), sk: `${ORDER_PREFIX}${orderId}` }) as const;

export const INVOICE_PREFIX = 'INVOICE#';
export const invoiceKey = (accountId: string, invoiceId: string) =>
  ({ pk: accountPartition(accountId), sk: `${INVOICE_PREFIX}${invoiceId}` }) as const;

export const CHARGE_PREFIX = 'CHARGE#';
export const chargeKey = (accountId: string, chargeId: string) =>
  ({ pk: accountPartition(accountId), sk: `${CHARGE_PREFIX}${chargeId}` }) as const;

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

export const charges = /* @__PURE__ */ entity({
  type: 'Charge',
  key: (charge: Charge) => chargeKey(charge.accountId, charge.id),
  indexes: { all: /* @__PURE__ */ byType<Charge>('CHARGE') },
});

/** The counter holding the last invoice number issued in `year`. */
export const invoiceCounterKey = (year: string) =>
  ({ pk: `COUNTER#INVOICE#${year}`, sk: 'COUNTER' }) as const;

/** The counter holding the last internal charge number issued in `year` (charges are numbered apart). */
export const chargeCounterKey = (year: string) => ({ pk: `COUNTER#CHARGE#${year}`, sk: 'COUNTER' }) as const;

export const productKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: 'PRODUCT' }) as const;

const activePartition = (active: boolean) => `PRODUCT#ACTIVE#${active}`;

export const products = /* @__PURE__ */ entity({
  type: 'Product',
  key: (product: Product) => productKey(product.id),
  indexes: {
    /** The products on sale (or those taken off it), in the order they were added. */
    byActive: {
      index: 'gsi2',
      partition: activePartition,
      key: (product: Pick<Product, 'id' | 'active'>) => ({
        pk: activePartition(product.active),
        sk: `PRODUCT#${product.id}`,
      }),
    },
    all: /* @__PURE__ */ byType<Product>('PRODUCT'),
  },
});

/** The claim on a SKU (case ignored): at most one product has it. */
export const skuClaimKey = (sku: string) => ({ pk: `SKU#${normaliseSku(sku)}`, sk: 'SKU' }) as const;

/** The claim item of a product's SKU, pointing at the product (the SKU is only in the key). */
export const skuClaimItem = (product: Pick<Product, 'id' | 'sku'>) => ({
  ...skuClaimKey(product.sku),
  type: 'SkuClaim',
  productId: product.id,
});
