// The orders area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export {
  CHARGE_PREFIX,
  chargeCounterKey,
  chargeKey,
  charges,
  INVOICE_PREFIX,
  invoiceCounterKey,
  invoiceKey,
  invoices,
  orderKey,
  orders,
  productKey,
  products,
} from './entity.ts';
export {
  Charge,
  engagementOf,
  Invoice,
  ORDER_STATES,
  Order,
} from './order.ts';
export { Product } from './product.ts';
