// Orders and invoices. A status move is written on the version read (so on the status it came from); an order is
// invoiced once (the invoice's id derives from the order), numbered gap-free per year.

import { accountKey } from '../accounts/index.ts';
import { accountMissing, listUnderAccount } from '../accounts/services.ts';
import { Conflict, NotFound } from '../platform/errors.ts';
import { derivedId } from '../platform/keys.ts';
import type { PageQuery } from '../platform/schemas.ts';
import {
  locate,
  mustExist,
  putNew,
  readItem,
  type TransactItem,
  TransactionRefused,
  transact,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { INVOICE_PREFIX, invoiceCounterKey, invoiceKey, invoices, orders } from './entity.ts';
import {
  allowedOrderMoves,
  type Invoice,
  type Order,
  type OrderStatus,
  toInvoice,
  toOrder,
} from './order.ts';

const orderItem = (order: Order) => orders.item(order);

export const orderCreateItems = (order: Order): TransactItem[] => [
  mustExist(accountKey(order.accountId)),
  putNew(orderItem(order)),
];

export const orderCreateRefused = (order: { accountId: string }) => accountMissing(order.accountId);

export async function getOrder(id: string): Promise<Order> {
  const item = await locate(orders.indexes.all.type, id);
  if (item === undefined) throw new NotFound('Order', id);
  return toOrder(item);
}

export async function getInvoice(id: string): Promise<Invoice> {
  const item = await locate(invoices.indexes.all.type, id);
  if (item === undefined) throw new NotFound('Invoice', id);
  return toInvoice(item);
}

/**
 * Move an order's status: allowed moves only, judged on the order as it is and written on the version read
 * (a lost race reads again and judges again); with If-Match, only from that version (412 otherwise).
 */
export const moveOrder = (
  id: string,
  to: OrderStatus,
  ifMatch: number | undefined,
  now: Date,
  guard?: (current: Order) => Promise<void> | void,
) =>
  updateVersioned<Order>({
    what: `Order ${id}`,
    read: () => getOrder(id),
    guard,
    item: orderItem,
    ifMatch,
    attempts: 4,
    exhausted: () => new Conflict(`Order ${id} is changing too often right now; try again.`),
    change: (current) => {
      const allowed = allowedOrderMoves(current.status);
      if (!allowed.includes(to)) {
        const moves = allowed.join(', ') || 'none (it is final)';
        throw new Conflict(
          current.status === to
            ? `Order ${id} is already ${to}; allowed: ${moves}.`
            : `An order ${current.status} cannot become ${to}; allowed: ${moves}.`,
          [{ path: 'status', message: `Allowed from ${current.status}: ${moves}.` }],
        );
      }
      const next = withPatch(current, { status: to }, now);
      if (to === 'fulfilled') next.fulfilledAt = now.toISOString();
      return next;
    },
  });

/**
 * Fulfilled order → its one invoice, payable in 30 days, billing the lines as they were sold (a catalogue line's
 * name, SKU and price then). Returns the invoice and whether it was new.
 */
export function invoiceOrder(order: Order, now: Date): Promise<{ invoice: Invoice; issued: boolean }> {
  const issuedAt = order.fulfilledAt ?? now.toISOString();
  return issueInvoice(
    {
      id: derivedId(`invoice#order#${order.id}`),
      accountId: order.accountId,
      lines: order.lines.map((line) => ({
        description: line.product,
        ...(line.sku === undefined ? {} : { sku: line.sku }),
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        amount: line.quantity * line.unitPrice,
      })),
      currency: order.currency,
      total: order.total,
      issuedAt,
      dueAt: new Date(Date.parse(issuedAt) + 30 * 24 * 3600_000).toISOString(),
      source: { kind: 'order', orderId: order.id },
      createdAt: now.toISOString(),
      version: 1,
    },
    now,
  );
}

const NUMBER_ATTEMPTS = 25;

/**
 * Issue an invoice once (its id derives from what it bills) with the next number of its year, gap-free:
 * the counter moves in the same transaction that writes the invoice, on the condition that it still holds
 * the value read — so a number is used exactly when an invoice is written, and never twice.
 */
export async function issueInvoice(
  draft: Omit<Invoice, 'number'>,
  now: Date,
): Promise<{ invoice: Invoice; issued: boolean }> {
  const year = draft.issuedAt.slice(0, 4);
  const key = invoiceKey(draft.accountId, draft.id);
  for (let attempt = 1; ; attempt++) {
    const [existing, counter] = await Promise.all([readItem(key), readItem(invoiceCounterKey(year))]);
    if (existing !== undefined) return { invoice: toInvoice(existing), issued: false };
    const last = typeof counter?.last === 'number' ? counter.last : 0;
    const invoice: Invoice = { ...draft, number: `INV-${year}-${String(last + 1).padStart(6, '0')}` };
    try {
      await transact([
        {
          Update: {
            TableName: TABLE_NAME,
            Key: invoiceCounterKey(year),
            UpdateExpression: 'SET #last = :next, #type = :type, updatedAt = :now',
            ConditionExpression: last === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
            ExpressionAttributeNames: { '#last': 'last', '#type': 'type' },
            ExpressionAttributeValues: {
              ':next': last + 1,
              ':type': 'Counter',
              ':now': now.toISOString(),
              ...(last === 0 ? {} : { ':last': last }),
            },
          },
        },
        putNew(invoices.item(invoice)),
      ]);
      return { invoice, issued: true };
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      // Another invoice took the number (read again), or this one was issued meanwhile (found next round).
      if (attempt >= NUMBER_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

export const listAccountInvoices = (accountId: string, query: PageQuery) =>
  listUnderAccount(accountId, INVOICE_PREFIX, query, toInvoice, false);
