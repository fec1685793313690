// Versioned schemas of the domain events' detail, one per detail-type, for consumers and for the tests
// that hold them to their committed fixtures. Kept apart from the mapping so the relay bundles no schemas.
import type { $ZodType } from 'zod/v4/core';
import * as z from '../shared/zod.ts';
import { Account } from './account.ts';
import { Contact } from './contact.ts';
import { Deal, STAGES } from './deal.ts';
import { ANNOUNCED, EVENT_VERSION, STATUS_EVENTS } from './events.ts';
import { Form, Submission } from './form.ts';
import { Interaction } from './interaction.ts';
import { Member } from './member.ts';
import { Invoice, ORDER_STATES, Order } from './order.ts';
import { PERIODS } from './report.ts';
import { Survey } from './survey.ts';
import { TICKET_STATES, Ticket } from './ticket.ts';
import { AnnouncedMail, Task, TaskDue } from './work.ts';

/** Envelope shared by every event's detail; `data` is the record after, `previous` before the change. */
export function eventDetailSchema<S extends $ZodType>(record: S) {
  return z.object({
    eventId: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)),
    eventVersion: z.literal(EVENT_VERSION),
    entity: z.string(),
    id: z.string(),
    accountId: z.optional(z.string()),
    occurredAt: z.string(),
    data: z.optional(record),
    previous: z.optional(record),
    change: z.optional(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  });
}

/** A report as announced: where and when, without its figures. */
export const AnnouncedReport = z.object({
  id: z.string(),
  period: z.enum(PERIODS),
  start: z.string(),
  end: z.string(),
  generatedAt: z.string(),
  files: z.object({ csv: z.string(), html: z.string() }),
  version: z.int(),
});

const RECORD_SCHEMAS = {
  Account,
  Contact,
  Interaction,
  Form,
  Member,
  Submission,
  Task,
  Ticket,
  Mail: AnnouncedMail,
  Report: AnnouncedReport,
  Deal,
  Order,
  Invoice,
  Survey,
  TaskDue,
} as const;

/** detail-type → the schema its detail follows (version 1). */
export const DETAIL_SCHEMAS: ReadonlyMap<string, $ZodType> = new Map(
  (Object.keys(ANNOUNCED) as (keyof typeof ANNOUNCED)[]).flatMap((entity) =>
    Object.values(ANNOUNCED[entity]).map((detailType) => [
      detailType,
      eventDetailSchema(RECORD_SCHEMAS[entity]),
    ]),
  ),
);

for (const [entity, status] of Object.entries(STATUS_EVENTS)) {
  (DETAIL_SCHEMAS as Map<string, $ZodType>).set(
    status.detailType,
    eventDetailSchema(RECORD_SCHEMAS[entity as keyof typeof STATUS_EVENTS]),
  );
}

export const DealStageChangedDetail = z.extend(eventDetailSchema(Deal), {
  data: Deal,
  previous: Deal,
  change: z.object({ field: z.literal('stage'), from: z.enum(STAGES), to: z.enum(STAGES) }),
});
export type DealStageChangedDetail = z.infer<typeof DealStageChangedDetail>;

export const OrderStatusChangedDetail = z.extend(eventDetailSchema(Order), {
  data: Order,
  change: z.object({ field: z.literal('status'), from: z.enum(ORDER_STATES), to: z.enum(ORDER_STATES) }),
});

export const TicketStatusChangedDetail = z.extend(eventDetailSchema(Ticket), {
  data: Ticket,
  change: z.object({ field: z.literal('status'), from: z.enum(TICKET_STATES), to: z.enum(TICKET_STATES) }),
});
export type TicketStatusChangedDetail = z.infer<typeof TicketStatusChangedDetail>;

export const FormSubmittedDetail = z.extend(eventDetailSchema(Submission), { data: Submission });
export type FormSubmittedDetail = z.infer<typeof FormSubmittedDetail>;
export const MailQueuedDetail = z.extend(eventDetailSchema(AnnouncedMail), { data: AnnouncedMail });

export const InteractionLoggedDetail = z.extend(eventDetailSchema(Interaction), { data: Interaction });
export type InteractionLoggedDetail = z.infer<typeof InteractionLoggedDetail>;
