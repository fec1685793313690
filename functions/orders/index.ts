// The orders area's model as the other areas see it: schemas, types and pure rules. Importing it reads no
// environment and touches no table (a test keeps it so).
export { INVOICE_PREFIX, invoiceCounterKey, invoiceKey, invoices, orderKey, orders } from './entity.ts';
export { Invoice, ORDER_STATES, Order } from './order.ts';
