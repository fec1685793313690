// Merging duplicates: one record survives, everything under the other moves to it, and the other's id keeps
// answering where it went. A merge is a batched job (batches.ts) like a deletion: its record tracks what has
// been moved so far and where the next batch starts. Keys and items: entity.ts; the work: merge-store.ts.

import { authorship, Id } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const MERGE_STATES = ['running', 'done'] as const;

/** What an account merge moves to the survivor, counted by kind as it goes. */
export const MOVED_KINDS = [
  'contacts',
  'interactions',
  'deals',
  'orders',
  'tickets',
  'surveys',
  'tasks',
  'invoices',
  'charges',
  'history',
] as const;
export type MovedKind = (typeof MOVED_KINDS)[number];

/** The kind a stored item of the merged account's partition counts as (by its item type). */
export const MOVED_KIND_OF_TYPE: Readonly<Record<string, MovedKind>> = {
  Contact: 'contacts',
  Interaction: 'interactions',
  Deal: 'deals',
  Order: 'orders',
  Ticket: 'tickets',
  SurveyEntry: 'surveys',
  TaskLink: 'tasks',
  Invoice: 'invoices',
  Charge: 'charges',
  HistoryEntry: 'history',
};

/** What a contact merge relinks to the survivor (records that name the contact, under its account). */
export const RELINKED_KINDS = ['interactions', 'tickets', 'surveys', 'tasks', 'history'] as const;
export type RelinkedKind = (typeof RELINKED_KINDS)[number];

export const RELINKED_KIND_OF_TYPE: Readonly<Record<string, RelinkedKind>> = {
  Interaction: 'interactions',
  Ticket: 'tickets',
  SurveyEntry: 'surveys',
  Task: 'tasks',
  HistoryEntry: 'history',
};

const Count = /* @__PURE__ */ (() => z.int().check(z.minimum(0)))();
const Timestamp = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();
const counts = <K extends string>(kinds: readonly K[]) =>
  z.object(Object.fromEntries(kinds.map((kind) => [kind, Count])) as Record<K, typeof Count>);

/** What a merge record has besides its counts. */
const job = () => ({
  /** The merged record's id (one merge per merged record). */
  id: Id,
  /** The survivor's account: the account that has everything now. */
  accountId: Id,
  from: Id,
  into: Id,
  state: z.enum(MERGE_STATES),
  /** Where the next batch starts (the sort key of the last item a batch went past). */
  after: z.optional(z.string()),
  batches: Count,
  run: Count,
  handOver: z.boolean(),
  startedAt: Timestamp,
  finishedAt: z.optional(Timestamp),
  createdAt: Timestamp,
  ...authorship(),
  updatedAt: Timestamp,
  version: z.int().check(z.minimum(1)),
});

export const AccountMerge = /* @__PURE__ */ (() =>
  z
    .object({
      ...job(),
      /** The merged account's name, for whoever reads the merge after the account is gone. */
      fromName: z.string(),
      moved: counts(MOVED_KINDS),
    })
    .check(z.meta({ id: 'AccountMerge' })))();
export type AccountMerge = z.infer<typeof AccountMerge>;

export const ContactMerge = /* @__PURE__ */ (() =>
  z
    .object({
      ...job(),
      /** `relink`: records naming the merged contact are relinked; `history`: its history moves. */
      phase: z.enum(['relink', 'history']),
      relinked: counts(RELINKED_KINDS),
    })
    .check(z.meta({ id: 'ContactMerge' })))();
export type ContactMerge = z.infer<typeof ContactMerge>;

export const MergeRequest = /* @__PURE__ */ (() =>
  z
    .strictObject({
      from: Id.check(
        z.meta({ description: 'The duplicate: merged into the record of the path, then gone.' }),
      ),
    })
    .check(z.meta({ id: 'MergeRequest' })))();
export type MergeRequest = z.infer<typeof MergeRequest>;

export const MergePath = /* @__PURE__ */ (() => z.strictObject({ id: Id, fromId: Id }))();

const jobStart = (from: string, into: string, accountId: string, now: Date) => {
  const at = now.toISOString();
  return {
    id: from,
    accountId,
    from,
    into,
    state: 'running' as const,
    // The request hands over to the first run (batches.ts).
    batches: 0,
    run: 1,
    handOver: true,
    startedAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
};

export const newAccountMerge = (
  from: { readonly id: string; readonly name: string },
  into: string,
  now: Date,
): AccountMerge => ({
  ...jobStart(from.id, into, into, now),
  fromName: from.name,
  moved: Object.fromEntries(MOVED_KINDS.map((kind) => [kind, 0])) as Record<MovedKind, number>,
});

export const newContactMerge = (from: string, into: string, accountId: string, now: Date): ContactMerge => ({
  ...jobStart(from, into, accountId, now),
  phase: 'relink',
  relinked: Object.fromEntries(RELINKED_KINDS.map((kind) => [kind, 0])) as Record<RelinkedKind, number>,
});

/**
 * The survivor of a contact merge: its own fields first, the other's where it has none; every address kept (the
 * survivor's own, or the other's if it had none, and the rest as `otherEmails`, each still claimed by it).
 */
export function survivingContact<
  C extends {
    email?: string | undefined;
    otherEmails?: readonly string[] | undefined;
    phone?: string | undefined;
    role?: string | undefined;
    decisionMaker: boolean;
  },
>(into: C, from: C): C {
  const email = into.email ?? from.email;
  const addresses = [from.email, ...(from.otherEmails ?? []), ...(into.otherEmails ?? [])].filter(
    (address): address is string => address !== undefined && address !== email,
  );
  const otherEmails = [...new Set(addresses)];
  return {
    ...into,
    ...(email === undefined ? {} : { email }),
    ...(into.phone === undefined && from.phone !== undefined ? { phone: from.phone } : {}),
    ...(into.role === undefined && from.role !== undefined ? { role: from.role } : {}),
    decisionMaker: into.decisionMaker || from.decisionMaker,
    ...(otherEmails.length === 0 ? {} : { otherEmails }),
  };
}
