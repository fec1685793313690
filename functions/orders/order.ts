// Order: a customer's purchase of standard products, placed → in_fulfillment → fulfilled, or cancelled
// before fulfilment. A fulfilled order is invoiced once (automation).

import { ulid } from 'ulid';
import { recordOf } from '../platform/entity.ts';
import { authorship, Id } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const ORDER_STATES = ['placed', 'in_fulfillment', 'fulfilled', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATES)[number];

const MOVES: Record<OrderStatus, OrderStatus[]> = {
  placed: ['in_fulfillment', 'cancelled'],
  in_fulfillment: ['fulfilled', 'cancelled'],
  fulfilled: [],
  cancelled: [],
};
export const allowedOrderMoves = (from: OrderStatus): OrderStatus[] => MOVES[from];

// Amounts (a line's quantity × unitPrice, the order's total) stay within what JavaScript and the table keep
// exactly; each limit alone allows a product beyond it, so the products are checked too.
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;
const TOO_LARGE = `quantity × unitPrice must be at most ${MAX_AMOUNT} minor units.`;

const Line = /* @__PURE__ */ (() =>
  z
    .strictObject({
      product: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      quantity: z.int().check(z.minimum(1), z.maximum(1_000_000)),
      unitPrice: z
        .int()
        .check(z.minimum(0), z.maximum(1_000_000_000_00), z.meta({ description: 'Minor units (cents).' })),
    })
    .check(
      z.refine((line) => line.quantity * line.unitPrice <= MAX_AMOUNT, {
        message: TOO_LARGE,
        path: ['unitPrice'],
      }),
    ))();

const lineTotal = (lines: readonly { quantity: number; unitPrice: number }[]) =>
  lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

const Lines = /* @__PURE__ */ (() =>
  z.array(Line).check(
    z.minLength(1),
    z.maxLength(100),
    // Only once every line is exact: an overflowing line is named by itself.
    z.refine(
      (lines) =>
        lines.some((line) => line.quantity * line.unitPrice > MAX_AMOUNT) || lineTotal(lines) <= MAX_AMOUNT,
      { message: `The order's total must be at most ${MAX_AMOUNT} minor units.` },
    ),
    z.meta({ description: `The total (Σ quantity × unitPrice) at most ${MAX_AMOUNT} minor units.` }),
  ))();

export const OrderCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      accountId: Id,
      lines: Lines,
      currency: z._default(
        z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR or USD.')),
        'EUR',
      ),
      team: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    })
    .check(z.meta({ id: 'OrderCreate' })))();
export type OrderCreate = z.infer<typeof OrderCreate>;

export const OrderPatch = /* @__PURE__ */ (() =>
  z.strictObject({ status: z.enum(ORDER_STATES) }).check(z.meta({ id: 'OrderPatch' })))();

export const Order = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      accountId: Id,
      lines: z.array(z.object({ product: z.string(), quantity: z.number(), unitPrice: z.number() })),
      currency: z.string(),
      total: z.number(),
      team: z.optional(z.string()),
      status: z.enum(ORDER_STATES),
      fulfilledAt: z.optional(z.string()),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Order' })))();
export type Order = z.infer<typeof Order>;

export const Invoice = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      accountId: Id,
      number: z.string(),
      lines: z.array(
        z.object({
          description: z.string(),
          quantity: z.number(),
          unitPrice: z.number(),
          amount: z.number(),
        }),
      ),
      currency: z.string(),
      total: z.number(),
      issuedAt: z.string(),
      dueAt: z.string(),
      source: z.object({
        kind: z.enum(['order', 'retainer']),
        orderId: z.optional(Id),
        month: z.optional(z.string()),
      }),
      createdAt: z.string(),
      ...authorship(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Invoice' })))();
export type Invoice = z.infer<typeof Invoice>;

export const OrderPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const InvoicePath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();

export function newOrder(input: OrderCreate, now: Date): Order {
  const at = now.toISOString();
  const total = lineTotal(input.lines);
  return {
    id: ulid(now.getTime()),
    ...input,
    total,
    status: 'placed',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export const toOrder = (item: Record<string, unknown>) => recordOf<Order>(item);
export const toInvoice = (item: Record<string, unknown>) => recordOf<Invoice>(item);
