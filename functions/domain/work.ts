// Work records the automations create: follow-up tasks, service tickets and queued e-mails. Schemas and
// item shapes only; the lifecycle of each (status changes, lists) builds on these.
import * as z from '../shared/zod.ts';
import { Id, UserId } from './account.ts';
import { PRIORITIES } from './form.ts';
import { mailKey, taskKey, ticketKey, withoutStorageAttributes } from './keys.ts';

export const TASK_STATES = ['open', 'done', 'cancelled'] as const;
export const TICKET_STATES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;

const Links = z.object({
  accountId: z.optional(Id),
  contactId: z.optional(Id),
  dealId: z.optional(Id),
  ticketId: z.optional(Id),
  orderId: z.optional(Id),
  submissionId: z.optional(Id),
});

export const Task = z
  .object({
    id: Id,
    title: z.string(),
    assigneeId: z.optional(UserId),
    dueAt: z.string(),
    status: z.enum(TASK_STATES),
    checklist: z.array(z.object({ text: z.string(), done: z.boolean() })),
    links: Links,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.int(),
  })
  .check(z.meta({ id: 'Task' }));
export type Task = z.infer<typeof Task>;

export const Ticket = z
  .object({
    id: Id,
    accountId: Id,
    contactId: z.optional(Id),
    product: z.optional(z.string()),
    problem: z.string(),
    priority: z.enum(PRIORITIES),
    status: z.enum(TICKET_STATES),
    assigneeId: z.optional(UserId),
    links: Links,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.int(),
  })
  .check(z.meta({ id: 'Ticket' }));
export type Ticket = z.infer<typeof Ticket>;

export const Mail = z
  .object({
    id: Id,
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(['queued', 'sent']),
    about: Links,
    createdAt: z.string(),
    sentAt: z.optional(z.string()),
    version: z.int(),
  })
  .check(z.meta({ id: 'Mail' }));
export type Mail = z.infer<typeof Mail>;

export const taskItem = (task: Task) => ({
  ...taskKey(task.id),
  type: 'Task',
  ...(task.assigneeId === undefined
    ? {}
    : { gsi1pk: `ASSIGNEE#${task.assigneeId}`, gsi1sk: `TASK#${task.dueAt}#${task.id}` }),
  gsi2pk: `TASK#STATUS#${task.status}`,
  gsi2sk: `${task.dueAt}#${task.id}`,
  gsi4pk: 'TYPE#TASK',
  gsi4sk: `TASK#${task.id}`,
  ...task,
});

export const ticketItem = (ticket: Ticket) => ({
  ...ticketKey(ticket.accountId, ticket.id),
  type: 'Ticket',
  ...(ticket.assigneeId === undefined
    ? {}
    : { gsi1pk: `ASSIGNEE#${ticket.assigneeId}`, gsi1sk: `TICKET#${ticket.createdAt}#${ticket.id}` }),
  gsi2pk: `TICKET#STATUS#${ticket.status}`,
  gsi2sk: `${PRIORITIES.length - PRIORITIES.indexOf(ticket.priority)}#${ticket.createdAt}#${ticket.id}`,
  gsi4pk: 'TYPE#TICKET',
  gsi4sk: `TICKET#${ticket.id}`,
  ...ticket,
});

export const mailItem = (mail: Mail) => ({ ...mailKey(mail.id), type: 'Mail', ...mail });

export const toTask = (item: Record<string, unknown>) => withoutStorageAttributes(item) as Task;
export const toTicket = (item: Record<string, unknown>) => withoutStorageAttributes(item) as Ticket;
export const toMail = (item: Record<string, unknown>) => withoutStorageAttributes(item) as Mail;

/** The next business day (Monday–Friday) after `from`, at 09:00 UTC. */
export function nextBusinessDay(from: Date): Date {
  const due = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1, 9));
  while (due.getUTCDay() === 0 || due.getUTCDay() === 6) due.setUTCDate(due.getUTCDate() + 1);
  return due;
}
