// Orders and their bills. A status move is written on the version read (so on the status it came from); an
// order is billed once (the bill's id derives from the order) — an external account invoiced, an internal one
// charged — each kind numbered gap-free per year.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey } from '../accounts/index.ts';
import { accountMissing, listUnderAccount, liveAccount } from '../accounts/services.ts';
import { documentClient } from '../platform/clients.ts';
import { Conflict, NotFound } from '../platform/errors.ts';
import type { PageQuery } from '../platform/schemas.ts';
import {
  locate,
  mustNotExist,
  putNew,
  readItem,
  type TransactItem,
  TransactionRefused,
  transact,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import {
  CHARGE_PREFIX,
  chargeCounterKey,
  chargeKey,
  charges,
  INVOICE_PREFIX,
  invoiceCounterKey,
  invoiceKey,
  invoices,
  orders,
} from './entity.ts';
import {
  allowedOrderMoves,
  type Bill,
  type BillDraft,
  billNumber,
  type Charge,
  chargeOf,
  type Invoice,
  invoiceOf,
  type Order,
  type OrderStatus,
  orderBill,
  toCharge,
  toInvoice,
  toOrder,
} from './order.ts';

const orderItem = (order: Order) => orders.item(order);

export const orderCreateItems = (order: Order): TransactItem[] => [
  liveAccount(order.accountId),
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

/** Who a bill goes to: an external account is invoiced, an internal one (a department) charged. */
export interface BillTo {
  readonly audience: 'external' | 'internal';
  readonly costCentre?: string | undefined;
}

/** An account's audience and cost centre, read when it is billed (an account that is gone → 404). */
export async function billTo(accountId: string): Promise<BillTo> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: accountKey(accountId),
      ProjectionExpression: 'audience, billing.costCentre',
      ConsistentRead: true,
    }),
  );
  if (Item === undefined) throw new NotFound('Account', accountId);
  const costCentre: unknown = Item.billing?.costCentre;
  return {
    audience: Item.audience === 'internal' ? 'internal' : 'external',
    ...(typeof costCentre === 'string' ? { costCentre } : {}),
  };
}

/** Fulfilled order → its one bill: an invoice payable in 30 days, or an internal account's charge. */
export const billOrder = async (order: Order, now: Date) =>
  issueBill(orderBill(order, now), await billTo(order.accountId), now);

const NUMBER_ATTEMPTS = 25;

const BILL_KINDS = {
  invoice: { key: invoiceKey, counter: invoiceCounterKey },
  charge: { key: chargeKey, counter: chargeCounterKey },
} as const;

const billOf = (kind: Bill['kind'], item: Record<string, unknown>): Bill =>
  kind === 'invoice' ? { kind, bill: toInvoice(item) } : { kind, bill: toCharge(item) };

/**
 * Issue a bill once (its id derives from what it bills) with the next number of its year and kind, gap-free:
 * an external account's invoice (INV-, payable in 30 days), an internal account's charge (CHG-, to its cost
 * centre). The counter moves in the same transaction that writes the bill, on the condition that it still
 * holds the value read — so a number is used exactly when a bill is written, and never twice — and on the
 * condition that no bill of the other kind has the id, so an account moved between internal and external
 * while its bill is redelivered still gets one bill, not an invoice and a charge.
 */
export async function issueBill(
  draft: BillDraft,
  to: BillTo,
  now: Date,
): Promise<{ readonly bill: Bill; readonly issued: boolean }> {
  const year = draft.issuedAt.slice(0, 4);
  const kind: Bill['kind'] = to.audience === 'internal' ? 'charge' : 'invoice';
  const other: Bill['kind'] = kind === 'charge' ? 'invoice' : 'charge';
  const [mine, theirs] = [BILL_KINDS[kind], BILL_KINDS[other]];
  const counterKey = mine.counter(year);
  for (let attempt = 1; ; attempt++) {
    const [existing, existingOther, counter] = await Promise.all([
      readItem(mine.key(draft.accountId, draft.id)),
      readItem(theirs.key(draft.accountId, draft.id)),
      readItem(counterKey),
    ]);
    if (existing !== undefined) return { bill: billOf(kind, existing), issued: false };
    if (existingOther !== undefined) return { bill: billOf(other, existingOther), issued: false };
    const last = typeof counter?.last === 'number' ? counter.last : 0;
    const number = billNumber(kind, year, last + 1);
    const bill: Bill =
      kind === 'invoice'
        ? { kind, bill: invoiceOf(draft, number) }
        : { kind, bill: chargeOf(draft, number, to.costCentre) };
    try {
      await transact([
        {
          Update: {
            TableName: TABLE_NAME,
            Key: counterKey,
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
        putNew(bill.kind === 'invoice' ? invoices.item(bill.bill) : charges.item(bill.bill)),
        mustNotExist(theirs.key(draft.accountId, draft.id)),
      ]);
      return { bill, issued: true };
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      // Another bill took the number (read again), or this one was issued meanwhile (found next round).
      if (attempt >= NUMBER_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

export const listAccountInvoices = (accountId: string, query: PageQuery) =>
  listUnderAccount(accountId, INVOICE_PREFIX, query, toInvoice, false);

export const listAccountCharges = (accountId: string, query: PageQuery) =>
  listUnderAccount(accountId, CHARGE_PREFIX, query, toCharge, false);

export async function getCharge(id: string): Promise<Charge> {
  const item = await locate(charges.indexes.all.type, id);
  if (item === undefined) throw new NotFound('Charge', id);
  return toCharge(item);
}
