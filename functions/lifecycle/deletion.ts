// An account's deletion: the record that tracks it (what was found open, what has been removed so far, what is
// kept), and which of an account's records count as open. Keys and item: entity.ts; the work: deletion-store.ts.

import { authorship, Id } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { OPEN_STAGES } from '../sales/index.ts';
import { UNRESOLVED_STATES } from '../service/index.ts';

/**
 * `checking`: the account takes nothing new and its open records are being counted (nothing removed yet);
 * `running`: its records are being removed, batch by batch; `done`: the account is gone.
 */
export const DELETION_STATES = ['checking', 'running', 'done'] as const;

/** What a deletion removes, counted by kind as it goes. */
export const REMOVED_KINDS = [
  'contacts',
  'interactions',
  'deals',
  'orders',
  'tickets',
  'surveys',
  'tasks',
  'listings',
  'history',
] as const;
export type RemovedKind = (typeof REMOVED_KINDS)[number];

/** The kind a stored item of the account's partition counts as (by its item type). */
export const KIND_OF_TYPE: Readonly<Record<string, RemovedKind>> = {
  Contact: 'contacts',
  Interaction: 'interactions',
  Deal: 'deals',
  Order: 'orders',
  Ticket: 'tickets',
  SurveyEntry: 'surveys',
  TaskLink: 'tasks',
  AccountListing: 'listings',
  HistoryEntry: 'history',
};

const Count = /* @__PURE__ */ (() => z.int().check(z.minimum(0)))();
const Timestamp = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();

export const OpenRecords = /* @__PURE__ */ (() =>
  z.object({ deals: Count, orders: Count, tickets: Count }).check(z.meta({ id: 'OpenRecords' })))();
export type OpenRecords = z.infer<typeof OpenRecords>;

export const AccountDeletion = /* @__PURE__ */ (() =>
  z
    .object({
      /** The account's id (one deletion per account). */
      id: Id,
      accountId: Id,
      accountName: z.string(),
      state: z.enum(DELETION_STATES),
      /** Asked to remove open deals, orders and tickets too (`?cascade=true`). */
      cascade: z.boolean(),
      /** What was open when the deletion was accepted. */
      open: OpenRecords,
      removed: z.object(
        Object.fromEntries(REMOVED_KINDS.map((kind) => [kind, Count])) as Record<RemovedKind, typeof Count>,
      ),
      /** Issued invoices and internal charges stay, for accounting retention (counted when it is done). */
      kept: z.object({ invoices: Count, charges: Count }),
      /** Transactions committed so far (each removes up to 99 items, and counts them, at once). */
      batches: Count,
      /** Function runs so far: each run removes a bounded share and hands the rest to the next. */
      run: Count,
      /** This version hands the rest to a new run (what the rule that continues the work matches). */
      handOver: z.boolean(),
      startedAt: Timestamp,
      finishedAt: z.optional(Timestamp),
      createdAt: Timestamp,
      ...authorship(),
      updatedAt: Timestamp,
      version: z.int().check(z.minimum(1)),
    })
    .check(z.meta({ id: 'AccountDeletion' })))();
export type AccountDeletion = z.infer<typeof AccountDeletion>;

export const AccountDeleteQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    cascade: z._default(
      z.enum(['true', 'false']).check(
        z.meta({
          description: 'true: remove open deals, orders and tickets too (else 409 while any is open).',
        }),
      ),
      'false',
    ),
  }))();

/** Open means: a deal not won or lost, an order placed or in fulfilment, a ticket not resolved or closed. */
export const OPEN_STATES = {
  Deal: { field: 'stage', values: OPEN_STAGES as readonly string[] },
  Order: { field: 'status', values: ['placed', 'in_fulfillment'] as readonly string[] },
  Ticket: { field: 'status', values: UNRESOLVED_STATES as readonly string[] },
} as const;

export const openTotal = (open: OpenRecords) => open.deals + open.orders + open.tickets;

/** A new deletion, accepted at `now`: nothing removed yet, its open records being counted. */
export function newDeletion(
  account: { readonly id: string; readonly name: string },
  cascade: boolean,
  open: OpenRecords,
  now: Date,
): AccountDeletion {
  const at = now.toISOString();
  return {
    id: account.id,
    accountId: account.id,
    accountName: account.name,
    state: 'checking',
    cascade,
    open,
    removed: Object.fromEntries(REMOVED_KINDS.map((kind) => [kind, 0])) as Record<RemovedKind, number>,
    kept: { invoices: 0, charges: 0 },
    batches: 0,
    run: 0,
    handOver: false,
    startedAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
