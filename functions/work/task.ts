// Task: a piece of follow-up work for a team member, with a due time, a checklist and links to what it is
// about. Schemas (keys and indexes: entity.ts); the lifecycle (status changes, lists) is in task-store.ts.

import { ulid } from 'ulid';
import { authorship, Cursor, Id, Limit, UserId } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

export const TASK_STATES = ['open', 'done', 'cancelled'] as const;

export const Links = /* @__PURE__ */ (() =>
  z.object({
    accountId: z.optional(Id),
    contactId: z.optional(Id),
    dealId: z.optional(Id),
    ticketId: z.optional(Id),
    orderId: z.optional(Id),
    submissionId: z.optional(Id),
  }))();

export const Task = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      title: z.string(),
      assigneeId: z.optional(UserId),
      dueAt: z.string(),
      status: z.enum(TASK_STATES),
      checklist: z.array(z.object({ text: z.string(), done: z.boolean() })),
      links: Links,
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Task' })))();
export type Task = z.infer<typeof Task>;

/** A task fell due (written once per task and due time by the hourly job; announced as TaskDue). */
export const TaskDue = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      title: z.string(),
      dueAt: z.string(),
      assigneeId: z.optional(UserId),
      accountId: z.optional(Id),
      links: Links,
      createdAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'TaskDue' })))();
export type TaskDue = z.infer<typeof TaskDue>;

/** The `days`-th business day (Monday–Friday) after the day of `from`, at 09:00 UTC. */
export function addBusinessDays(from: Date, days: number): Date {
  const due = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 9));
  for (let left = days; left > 0; ) {
    due.setUTCDate(due.getUTCDate() + 1);
    if (due.getUTCDay() !== 0 && due.getUTCDay() !== 6) left -= 1;
  }
  return due;
}

/** The next business day (Monday–Friday) after `from`, at 09:00 UTC. */
export const nextBusinessDay = (from: Date): Date => addBusinessDays(from, 1);

const ChecklistItem = /* @__PURE__ */ (() =>
  z.strictObject({
    text: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    done: z._default(z.boolean(), false),
  }))();
const LinksInput = /* @__PURE__ */ (() =>
  z.strictObject({
    accountId: z.optional(Id),
    contactId: z.optional(Id),
    dealId: z.optional(Id),
    ticketId: z.optional(Id),
    orderId: z.optional(Id),
  }))();

export type TaskLinks = z.infer<typeof LinksInput>;

export const TaskCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      assigneeId: z.optional(UserId),
      dueAt: z.iso.datetime({ offset: true }),
      links: z._default(LinksInput, {}),
      checklist: z._default(z.array(ChecklistItem).check(z.maxLength(100)), []),
    })
    .check(z.meta({ id: 'TaskCreate' })))();
export type TaskCreate = z.infer<typeof TaskCreate>;

export const TaskPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      title: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      assigneeId: z.optional(z.nullable(UserId)),
      dueAt: z.optional(z.iso.datetime({ offset: true })),
      status: z.optional(z.enum(TASK_STATES)),
      checklist: z.optional(z.array(ChecklistItem).check(z.maxLength(100))),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({ id: 'TaskPatch' }),
    ))();
export type TaskPatch = z.infer<typeof TaskPatch>;

export const TaskPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const TaskListQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    assigneeId: z.optional(UserId),
    status: z.optional(z.enum(TASK_STATES)),
    dueBefore: z.optional(z.iso.datetime({ offset: true })),
    limit: Limit(25),
    cursor: Cursor,
  }))();
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export function newTask(input: TaskCreate, now: Date): Task {
  const at = now.toISOString();
  return {
    id: ulid(now.getTime()),
    ...input,
    dueAt: new Date(input.dueAt).toISOString(),
    status: 'open',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
