// Order: a sale on an account — standard products of the catalogue, or tailored work (an advisory or project
// engagement) quoted per line — placed → in_fulfillment → fulfilled, or cancelled before fulfilment. A
// fulfilled order is invoiced once (automation), from the lines as they were sold.

import { ulid } from 'ulid';
import { recordOf } from '../platform/entity.ts';
import { type ErrorDetail, Invalid } from '../platform/errors.ts';
import { derivedId } from '../platform/keys.ts';
import { authorship, Id } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { ENGAGEMENT_TYPES, type EngagementType } from '../sales/index.ts';
import { Currency, type Product, UnitPrice } from './product.ts';

export const ORDER_STATES = ['placed', 'in_fulfillment', 'fulfilled', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATES)[number];

const MOVES: Record<OrderStatus, OrderStatus[]> = {
  placed: ['in_fulfillment', 'cancelled'],
  in_fulfillment: ['fulfilled', 'cancelled'],
  fulfilled: [],
  cancelled: [],
};
export const allowedOrderMoves = (from: OrderStatus): OrderStatus[] => MOVES[from];

// What an order sells (ENGAGEMENT_TYPES, the deals' own): standard products of the catalogue, or tailored
// work (an advisory or project engagement) with a scope of its own — as its lines say, unless the caller says
// otherwise.

// Amounts (a line's quantity × unitPrice, the order's total) stay within what JavaScript and the table keep
// exactly; each limit alone allows a product beyond it, so the products are checked too.
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;
const TOO_LARGE = `quantity × unitPrice must be at most ${MAX_AMOUNT} minor units.`;
const TOTAL_TOO_LARGE = `The order's total must be at most ${MAX_AMOUNT} minor units.`;

/** A line's amount, once its quantity and price are numbers (0 before: the line's own fields say what is wrong). */
const amountOf = (line: { readonly quantity: unknown; readonly unitPrice?: unknown }) =>
  typeof line.quantity === 'number' && typeof line.unitPrice === 'number'
    ? line.quantity * line.unitPrice
    : 0;

const lineTotal = (lines: readonly { quantity: unknown; unitPrice?: unknown }[]) =>
  lines.reduce((sum, line) => sum + amountOf(line), 0);

/** What a line names it sells: one of these, exactly. */
const LINE_SUBJECTS = ['productId', 'description', 'product'] as const;

const LineText = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))();

const Line = /* @__PURE__ */ (() =>
  z
    .strictObject({
      productId: z.optional(
        Id.check(z.meta({ description: 'A catalogue product: active, in the order’s currency.' })),
      ),
      description: z.optional(
        LineText.check(z.meta({ description: 'Tailored work, quoted by the line’s own unitPrice.' })),
      ),
      product: z.optional(
        LineText.check(
          z.meta({ description: 'The former name of description: a line of its own description and price.' }),
        ),
      ),
      quantity: z.int().check(z.minimum(1), z.maximum(1_000_000)),
      unitPrice: z.optional(
        UnitPrice.check(
          z.meta({ description: 'Minor units (cents); a catalogue line’s default is its list price.' }),
        ),
      ),
    })
    .check(
      z.superRefine((line, context) => {
        const named = LINE_SUBJECTS.filter((field) => line[field] !== undefined);
        const [first, second] = named;
        if (first === undefined) {
          context.addIssue({
            code: 'custom',
            message: 'Give productId (a catalogue product) or description (tailored work).',
            path: ['productId'],
            input: line,
          });
        } else if (second !== undefined) {
          context.addIssue({
            code: 'custom',
            message: `A line sells one thing: a catalogue product (productId) or tailored work (description), not ${named.join(' and ')}.`,
            path: [second],
            input: line,
          });
        } else if (first !== 'productId' && line.unitPrice === undefined) {
          context.addIssue({
            code: 'custom',
            message: 'Required for tailored work: its price is quoted on the line.',
            path: ['unitPrice'],
            input: line,
          });
        }
      }),
      z.refine((line) => amountOf(line) <= MAX_AMOUNT, { message: TOO_LARGE, path: ['unitPrice'] }),
      z.meta({
        description:
          'A catalogue line {productId, quantity, unitPrice?} (the list price unless unitPrice is given) or a tailored line {description, quantity, unitPrice}; {product, quantity, unitPrice} is a tailored line too.',
      }),
    ))();
export type OrderLineInput = z.infer<typeof Line>;

const Lines = /* @__PURE__ */ (() =>
  z.array(Line).check(
    z.minLength(1),
    z.maxLength(100),
    // Only once every line is exact: an overflowing line is named by itself.
    z.refine((lines) => lines.some((line) => amountOf(line) > MAX_AMOUNT) || lineTotal(lines) <= MAX_AMOUNT, {
      message: TOTAL_TOO_LARGE,
    }),
    z.meta({ description: `The total (Σ quantity × unitPrice) at most ${MAX_AMOUNT} minor units.` }),
  ))();

const Scope = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(2000),
      z.meta({ description: 'What the tailored work covers: the engagement’s scope.' }),
    ))();

export const OrderCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      accountId: Id,
      lines: Lines,
      currency: z._default(Currency, 'EUR'),
      team: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
      engagementType: z.optional(
        z
          .enum(ENGAGEMENT_TYPES)
          .check(
            z.meta({ description: 'Default: standard when every line is a catalogue line, else tailored.' }),
          ),
      ),
      scope: z.optional(Scope),
    })
    .check(z.meta({ id: 'OrderCreate' })))();
export type OrderCreate = z.infer<typeof OrderCreate>;

export const OrderPatch = /* @__PURE__ */ (() =>
  z.strictObject({ status: z.enum(ORDER_STATES) }).check(z.meta({ id: 'OrderPatch' })))();

/** A line as sold: what it was, at what price — kept as it was whatever the catalogue says later. */
const OrderLine = /* @__PURE__ */ (() =>
  z.object({
    product: z.string().check(
      z.meta({
        description: 'The catalogue product’s name when it was sold, or the tailored line’s description.',
      }),
    ),
    quantity: z.number(),
    unitPrice: z.number(),
    productId: z.optional(z.string()),
    sku: z.optional(z.string()),
    listPrice: z.optional(
      z.number().check(z.meta({ description: 'The list price, when unitPrice was agreed instead.' })),
    ),
  }))();
export type OrderLine = z.infer<typeof OrderLine>;

export const Order = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      accountId: Id,
      lines: z.array(OrderLine),
      currency: z.string(),
      total: z.number(),
      team: z.optional(z.string()),
      /** Absent on orders from before engagement types: tailored (their lines are tailored lines). */
      engagementType: z.optional(z.enum(ENGAGEMENT_TYPES)),
      scope: z.optional(z.string()),
      status: z.enum(ORDER_STATES),
      fulfilledAt: z.optional(z.string()),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Order' })))();
export type Order = z.infer<typeof Order>;

/** What a bill (an invoice or an internal charge) is made of: the lines billed, their total, and what it bills. */
const billFields = () => ({
  id: Id,
  accountId: Id,
  number: z.string(),
  lines: z.array(
    z.object({
      description: z.string(),
      sku: z.optional(z.string()),
      quantity: z.number(),
      unitPrice: z.number(),
      amount: z.number(),
    }),
  ),
  currency: z.string(),
  total: z.number(),
  issuedAt: z.string(),
  source: z.object({
    kind: z.enum(['order', 'retainer']),
    orderId: z.optional(Id),
    month: z.optional(z.string()),
  }),
  /** What was billed: an order's engagement type; a retainer is tailored work. Absent on earlier bills. */
  engagementType: z.optional(z.enum(ENGAGEMENT_TYPES)),
  createdAt: z.string(),
  ...authorship(),
  version: z.int(),
});

/** A payable invoice to an external account, numbered `INV-<year>-<000001…>`. */
export const Invoice = /* @__PURE__ */ (() =>
  z.object({ ...billFields(), dueAt: z.string() }).check(z.meta({ id: 'Invoice' })))();
export type Invoice = z.infer<typeof Invoice>;

/**
 * An internal charge to an internal account (another department): not payable, booked to the account's cost
 * centre, numbered apart from the invoices, `CHG-<year>-<000001…>`.
 */
export const Charge = /* @__PURE__ */ (() =>
  z
    .object({
      ...billFields(),
      costCentre: z.optional(
        z
          .string()
          .check(z.meta({ description: 'The cost centre the account is booked to, when it has one.' })),
      ),
    })
    .check(z.meta({ id: 'Charge' })))();
export type Charge = z.infer<typeof Charge>;

/** What an automation or the retainer job bills, before it is an invoice or a charge. */
export type BillDraft = Omit<Invoice, 'number' | 'dueAt'>;

export const OrderPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const InvoicePath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const ChargePath = InvoicePath;

/** What a catalogue line needs of its product. */
export type CatalogueEntry = Pick<Product, 'id' | 'name' | 'sku' | 'listPrice' | 'currency' | 'active'>;

/**
 * The lines as sold: a catalogue line takes its product's name and SKU and, unless a price was agreed, its list
 * price (an agreed one keeps the list price beside it); a tailored line is its description and price. With
 * what is wrong: a product missing, off sale or in another currency (naming the line's productId), a list price
 * that leaves the amounts inexact (naming the line, or `lines`).
 */
function soldLines(
  lines: readonly OrderLineInput[],
  catalogue: ReadonlyMap<string, CatalogueEntry>,
  currency: string,
): { readonly sold: OrderLine[]; readonly problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const sold = lines.map((line, index): OrderLine => {
    const { quantity, unitPrice } = line;
    if (line.productId === undefined) {
      // The schema has it that a tailored line has its description (or product) and its price.
      return { product: line.description ?? line.product ?? '', quantity, unitPrice: unitPrice ?? 0 };
    }
    const product = catalogue.get(line.productId);
    if (product === undefined || !product.active || product.currency !== currency) {
      problems.push({
        path: `lines.${index}.productId`,
        message:
          product === undefined
            ? `No product ${line.productId} in the catalogue.`
            : !product.active
              ? `Product ${product.sku} is not on sale.`
              : `Product ${product.sku} is priced in ${product.currency}; the order is in ${currency}.`,
      });
      return { product: '', quantity, unitPrice: 0 };
    }
    const priced: OrderLine = {
      product: product.name,
      quantity,
      unitPrice: unitPrice ?? product.listPrice,
      productId: product.id,
      sku: product.sku,
      ...(unitPrice === undefined || unitPrice === product.listPrice ? {} : { listPrice: product.listPrice }),
    };
    // An agreed price was checked with its line; a list price only now.
    if (amountOf(priced) > MAX_AMOUNT) {
      problems.push({
        path: `lines.${index}.quantity`,
        message: `quantity × the list price (${product.listPrice}) must be at most ${MAX_AMOUNT} minor units.`,
      });
    }
    return priced;
  });
  if (problems.length === 0 && lineTotal(sold) > MAX_AMOUNT) {
    problems.push({ path: 'lines', message: TOTAL_TOO_LARGE });
  }
  return { sold, problems };
}

/** What an order sells by default: standard products when every line is a catalogue line, else tailored work. */
export const engagementOfLines = (
  lines: readonly { readonly productId?: string | undefined }[],
): EngagementType => (lines.every((line) => line.productId !== undefined) ? 'standard' : 'tailored');

/** An order's engagement type, also for an order from before engagement types (its lines say: tailored). */
export const engagementOf = (order: Pick<Order, 'engagementType' | 'lines'>): EngagementType =>
  order.engagementType ?? engagementOfLines(order.lines);

/**
 * A new order, its catalogue lines priced from `catalogue` (the products its lines name), its engagement type
 * the caller's or the lines' default. Everything wrong at once → 400 naming each field: a line's product (see
 * soldLines), a scope on a standard sale.
 */
export function newOrder(
  input: OrderCreate,
  catalogue: ReadonlyMap<string, CatalogueEntry>,
  now: Date,
): Order {
  const engagementType = input.engagementType ?? engagementOfLines(input.lines);
  const details: ErrorDetail[] = [];
  if (input.scope !== undefined && engagementType !== 'tailored') {
    details.push({
      path: 'scope',
      message: 'A scope is for tailored work: set engagementType to tailored, or leave the scope out.',
    });
  }
  const { sold: lines, problems } = soldLines(input.lines, catalogue, input.currency);
  details.push(...problems);
  if (details.length > 0) throw new Invalid(details);
  const at = now.toISOString();
  return {
    id: ulid(now.getTime()),
    ...input,
    lines,
    total: lineTotal(lines),
    engagementType,
    status: 'placed',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** What an order bills: the lines as they were sold (a catalogue line's name, SKU and price then). */
export const orderBill = (order: Order, now: Date): BillDraft => ({
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
  issuedAt: order.fulfilledAt ?? now.toISOString(),
  source: { kind: 'order', orderId: order.id },
  engagementType: engagementOf(order),
  createdAt: now.toISOString(),
  version: 1,
});

/** What a client's retainer bills for the month of `at` (`YYYY-MM`): its monthly fee, as tailored work. */
export const retainerBill = (
  account: { readonly id: string; readonly billing?: { monthlyFee?: number; currency?: string } | undefined },
  at: Date,
): BillDraft => {
  const month = at.toISOString().slice(0, 7);
  const fee = account.billing?.monthlyFee ?? 0;
  return {
    id: derivedId(`invoice#retainer#${account.id}#${month}`),
    accountId: account.id,
    lines: [{ description: `Retainer, ${month}`, quantity: 1, unitPrice: fee, amount: fee }],
    currency: account.billing?.currency ?? 'EUR',
    total: fee,
    issuedAt: at.toISOString(),
    source: { kind: 'retainer', month },
    // A retainer pays for the client's tailored work.
    engagementType: 'tailored',
    createdAt: at.toISOString(),
    version: 1,
  };
};

/** An invoice or an internal account's charge: the one bill of an order or of a retainer's month. */
export type Bill =
  | { readonly kind: 'invoice'; readonly bill: Invoice }
  | { readonly kind: 'charge'; readonly bill: Charge };

/** The `n`-th number of a year's invoices (`INV-2026-000042`) or internal charges (`CHG-2026-000042`). */
export const billNumber = (kind: Bill['kind'], year: string, n: number) =>
  `${kind === 'invoice' ? 'INV' : 'CHG'}-${year}-${String(n).padStart(6, '0')}`;

const PAYABLE_DAYS = 30;

/** A draft as an invoice with its number, payable in 30 days. */
export const invoiceOf = (draft: BillDraft, number: string): Invoice => ({
  ...draft,
  number,
  dueAt: new Date(Date.parse(draft.issuedAt) + PAYABLE_DAYS * 24 * 3600_000).toISOString(),
});

/** A draft as an internal charge with its number, booked to the account's cost centre when it has one. */
export const chargeOf = (draft: BillDraft, number: string, costCentre: string | undefined): Charge => ({
  ...draft,
  number,
  ...(costCentre === undefined ? {} : { costCentre }),
});

export const toOrder = (item: Record<string, unknown>) => recordOf<Order>(item);
export const toInvoice = (item: Record<string, unknown>) => recordOf<Invoice>(item);
export const toCharge = (item: Record<string, unknown>) => recordOf<Charge>(item);
