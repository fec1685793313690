// Versioned schemas of the domain events' detail that handlers parse (the whole catalogue, one schema per
// detail-type, is event-catalog.ts). Kept apart from the mapping so the relay bundles no schemas.
import type { $ZodType } from 'zod/v4/core';
import { Contact, Interaction } from '../accounts/index.ts';
import { Import, ImportChunk } from '../bulk/index.ts';
import { Submission } from '../forms/index.ts';
import { AccountDeletion, AccountMerge, ContactMerge } from '../lifecycle/index.ts';
import { ORDER_STATES, Order } from '../orders/index.ts';
import * as z from '../platform/zod.ts';
import { PERIODS } from '../reporting/index.ts';
import { Deal, STAGES } from '../sales/index.ts';
import { Survey, TICKET_STATES, Ticket } from '../service/index.ts';
import { AnnouncedMail } from '../work/index.ts';
import { AnnouncedFailure } from './failure.ts';
import { EVENT_VERSION } from './version.ts';

/** Envelope shared by every event's detail; `data` is the record after, `previous` before the change. */
export function eventDetailSchema<S extends $ZodType>(record: S) {
  return z.object({
    eventId: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)),
    eventVersion: z.literal(EVENT_VERSION),
    entity: z.string(),
    id: z.string(),
    accountId: z.optional(z.string()),
    occurredAt: z.string(),
    /** Who made the change: a member's id, `public` (a form or survey), or `system:<function>`. */
    actor: z.optional(z.string()),
    data: z.optional(record),
    previous: z.optional(record),
    change: z.optional(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  });
}

/** A report as announced: where and when, without its figures. */
export const AnnouncedReport = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    period: z.enum(PERIODS),
    start: z.string(),
    end: z.string(),
    generatedAt: z.string(),
    files: z.object({ csv: z.string(), html: z.string() }),
    version: z.int(),
  }))();

export const DealStageChangedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Deal), {
    data: Deal,
    previous: Deal,
    change: z.object({ field: z.literal('stage'), from: z.enum(STAGES), to: z.enum(STAGES) }),
  }))();
export type DealStageChangedDetail = z.infer<typeof DealStageChangedDetail>;

/** A deal's event with the deal as it is now: its creation or any change (the stage's carries more). */
export const DealDetail = /* @__PURE__ */ (() => z.extend(eventDetailSchema(Deal), { data: Deal }))();
export type DealDetail = z.infer<typeof DealDetail>;

export const OrderStatusChangedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Order), {
    data: Order,
    change: z.object({ field: z.literal('status'), from: z.enum(ORDER_STATES), to: z.enum(ORDER_STATES) }),
  }))();

export const TicketStatusChangedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Ticket), {
    data: Ticket,
    change: z.object({ field: z.literal('status'), from: z.enum(TICKET_STATES), to: z.enum(TICKET_STATES) }),
  }))();
export type TicketStatusChangedDetail = z.infer<typeof TicketStatusChangedDetail>;

export const FormSubmittedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Submission), { data: Submission }))();
export type FormSubmittedDetail = z.infer<typeof FormSubmittedDetail>;
export const MailQueuedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(AnnouncedMail), { data: AnnouncedMail }))();

export const FailureRetryRequestedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(AnnouncedFailure), {
    data: AnnouncedFailure,
    change: z.object({ field: z.literal('retries'), from: z.int(), to: z.int() }),
  }))();
export type FailureRetryRequestedDetail = z.infer<typeof FailureRetryRequestedDetail>;

export const InteractionLoggedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Interaction), { data: Interaction }))();
export type InteractionLoggedDetail = z.infer<typeof InteractionLoggedDetail>;

export const ContactCreatedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Contact), { data: Contact }))();
export type ContactCreatedDetail = z.infer<typeof ContactCreatedDetail>;

/** A survey answered: the survey after, with its score and answer time (the only change a survey sees). */
export const SurveyAnsweredDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Survey), {
    data: z.safeExtend(Survey, { status: z.literal('answered'), score: z.int(), answeredAt: z.string() }),
  }))();
export type SurveyAnsweredDetail = z.infer<typeof SurveyAnsweredDetail>;

/** A batch of an account's deletion, with the deletion as it is now. */
export const AccountDeletionProgressedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(AccountDeletion), { data: AccountDeletion }))();
export type AccountDeletionProgressedDetail = z.infer<typeof AccountDeletionProgressedDetail>;

/** A batch of an account's merge (or its end), with the merge as it is now. */
export const AccountMergeProgressedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(AccountMerge), { data: AccountMerge }))();
export type AccountMergeProgressedDetail = z.infer<typeof AccountMergeProgressedDetail>;

/** A batch of a contact's merge (or its end), with the merge as it is now. */
export const ContactMergeProgressedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(ContactMerge), { data: ContactMerge }))();
export type ContactMergeProgressedDetail = z.infer<typeof ContactMergeProgressedDetail>;

/** An import accepted, or a batch of its splitting (a chunk made), with the import as it is now. */
export const ImportProgressedDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(Import), { data: Import }))();
export type ImportProgressedDetail = z.infer<typeof ImportProgressedDetail>;

/** A share of an import's rows, ready for a worker. */
export const ImportChunkReadyDetail = /* @__PURE__ */ (() =>
  z.extend(eventDetailSchema(ImportChunk), { data: ImportChunk }))();
export type ImportChunkReadyDetail = z.infer<typeof ImportChunkReadyDetail>;
