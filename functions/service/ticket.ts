// Ticket: a service request or complaint on an account, new → open → pending → resolved → closed, with
// resolved → open reopening it. The first move out of `new` is the first response; each resolution is
// stamped (and earns its own satisfaction survey).
import { ulid } from 'ulid';
import { authorship, Cursor, Id, Limit, UserId } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { Links } from '../work/index.ts';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const TICKET_STATES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATES)[number];
/** Not yet resolved: what the workload and the escalations look at. */
export const UNRESOLVED_STATES = ['new', 'open', 'pending'] as const satisfies readonly TicketStatus[];

const MOVES: Record<TicketStatus, TicketStatus[]> = {
  new: ['open', 'pending', 'resolved'],
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};
export const allowedTicketMoves = (from: TicketStatus): TicketStatus[] => MOVES[from];

/** A survey answer as the ticket shows it: the latest answered of its surveys, by `answeredAt`. */
const TicketSurvey = /* @__PURE__ */ (() =>
  z.object({
    surveyId: Id,
    score: z.int(),
    answeredAt: z.string(),
    comment: z.optional(z.string()),
  }))();
export type TicketSurvey = z.infer<typeof TicketSurvey>;

export const Ticket = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      accountId: Id,
      contactId: z.optional(Id),
      product: z.optional(z.string()),
      problem: z.string(),
      priority: z.enum(PRIORITIES),
      status: z.enum(TICKET_STATES),
      assigneeId: z.optional(UserId),
      /** The order it is about (a return, a dispute, an installation): one of the account's. */
      orderId: z.optional(Id),
      links: Links,
      firstResponseAt: z.optional(z.string()),
      resolvedAt: z.optional(z.string()),
      closedAt: z.optional(z.string()),
      reopenedAt: z.optional(z.string()),
      resolutions: z.optional(z.int()),
      escalatedAt: z.optional(z.string()),
      /** The latest answer to one of its satisfaction surveys (written from SurveyAnswered). */
      survey: z.optional(TicketSurvey),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Ticket' })))();
export type Ticket = z.infer<typeof Ticket>;

const Problem = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)))();
const Product = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))();

export const TicketCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      accountId: Id,
      contactId: z.optional(Id),
      product: z.optional(Product),
      problem: Problem,
      priority: z._default(z.enum(PRIORITIES), 'normal'),
      assigneeId: z.optional(UserId),
      orderId: z.optional(Id),
    })
    .check(z.meta({ id: 'TicketCreate' })))();
export type TicketCreate = z.infer<typeof TicketCreate>;

export const TicketPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      status: z.optional(z.enum(TICKET_STATES)),
      priority: z.optional(z.enum(PRIORITIES)),
      assigneeId: z.optional(z.nullable(UserId)),
      product: z.optional(z.nullable(Product)),
      problem: z.optional(Problem),
      orderId: z.optional(z.nullable(Id)),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({ id: 'TicketPatch' }),
    ))();
export type TicketPatch = z.infer<typeof TicketPatch>;

export const TicketPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const TicketListQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    status: z.optional(z.enum(TICKET_STATES)),
    priority: z.optional(z.enum(PRIORITIES)),
    assigneeId: z.optional(UserId),
    limit: Limit(25),
    cursor: Cursor,
  }))();
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export function newTicket(input: TicketCreate, now: Date): Ticket {
  const at = now.toISOString();
  return {
    id: ulid(now.getTime()),
    ...input,
    status: 'new',
    links: {
      accountId: input.accountId,
      ...(input.contactId === undefined ? {} : { contactId: input.contactId }),
      ...(input.orderId === undefined ? {} : { orderId: input.orderId }),
    },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * The ticket as it is after moving to `to` at `now`: the first move out of `new` is the first response, a
 * resolution is stamped and counted, a reopen clears the resolution (the next one is stamped anew).
 */
export function moved(ticket: Ticket, to: TicketStatus, now: Date): Ticket {
  const at = now.toISOString();
  const next: Ticket = { ...ticket, status: to };
  if (ticket.status === 'new' && next.firstResponseAt === undefined) next.firstResponseAt = at;
  if (to === 'resolved') {
    next.resolvedAt = at;
    next.resolutions = (ticket.resolutions ?? 0) + 1;
  }
  if (ticket.status === 'resolved' && to === 'open') {
    delete next.resolvedAt;
    next.reopenedAt = at;
  }
  if (to === 'closed') next.closedAt = at;
  return next;
}
