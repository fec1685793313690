// The work area's records in the table and their named indexes: tasks (by assignee, by status and all of
// them, due soonest first), the TaskDue announcements under each task, mails, and the due-tasks job's checkpoint.
import { accountPartition } from '../accounts/index.ts';
import { byType, entity, type Key, recordOf } from '../platform/entity.ts';
import { derivedId } from '../platform/keys.ts';
import { pendingIndex } from '../platform/pending.ts';
import type { Mail } from './mail.ts';
import type { Task, TaskDue } from './task.ts';

type TaskStatus = Task['status'];

/**
 * The partition of one assignee's work in the by-assignee index. Tasks and tickets share it; the sort key's
 * first segment (`TASK#`, `TICKET#`) keeps them apart.
 */
export const assigneePartition = (assigneeId: string) => `ASSIGNEE#${assigneeId}`;

const taskPartition = (taskId: string) => `TASK#${taskId}`;
export const taskKey = (taskId: string) => ({ pk: taskPartition(taskId), sk: 'TASK' }) as const;

/** Sort keys `<prefix><dueAt>#<id>` of what is due before `before` (all when undefined). */
function dueBefore(prefix: string, before: string | undefined) {
  // Every `<before>#<id>` sorts above a bare `<before>`; key values cannot be empty, so the lowest due date
  // sorts after '0'.
  return { from: `${prefix}0`, to: before === undefined ? `${prefix}\uffff` : `${prefix}${before}` };
}

const TASK_OF_ASSIGNEE = 'TASK#';
const tasksOfStatus = (status: TaskStatus) => `TASK#STATUS#${status}`;
/** Every task, whatever its status or assignee (one partition, as the type index's). */
const TASKS_BY_DUE_DATE = 'TASK#DUE';

export const tasks = /* @__PURE__ */ entity({
  type: 'Task',
  key: (task: Task): Key => taskKey(task.id),
  indexes: {
    /** An assignee's tasks, due soonest first. */
    byAssignee: {
      index: 'gsi1',
      partition: assigneePartition,
      dueBefore: (before: string | undefined) => dueBefore(TASK_OF_ASSIGNEE, before),
      key: (task: Task) =>
        task.assigneeId === undefined
          ? undefined
          : { pk: assigneePartition(task.assigneeId), sk: `${TASK_OF_ASSIGNEE}${task.dueAt}#${task.id}` },
    },
    /** The tasks of one status, due soonest first: the due-tasks job reads a window of the open ones. */
    byStatus: {
      index: 'gsi2',
      partition: tasksOfStatus,
      dueBefore: (before: string | undefined) => dueBefore('', before),
      /** Sort keys of what falls due after `from`, up to and including `to` (ISO instants). */
      dueAfter: (from: string, to: string) => ({ from: `${from}#\uffff`, to: `${to}#\uffff` }),
      key: (task: Task) => ({ pk: tasksOfStatus(task.status), sk: `${task.dueAt}#${task.id}` }),
    },
    /**
     * Every task, due soonest first: the list without a filter. A task is always written whole (taskItem), so a
     * new due date moves its key with it.
     */
    byDueDate: {
      index: 'gsi3',
      partition: TASKS_BY_DUE_DATE,
      dueBefore: (before: string | undefined) => dueBefore('', before),
      key: (task: Task) => ({ pk: TASKS_BY_DUE_DATE, sk: `${task.dueAt}#${task.id}` }),
    },
    all: /* @__PURE__ */ byType<Task>('TASK'),
  },
});

export const taskItem = (task: Task) => tasks.item(task);
export const toTask = (item: Record<string, unknown>) => recordOf<Task>(item);

/** A task as its account lists it: how an account's deletion finds the tasks linked to it. */
export interface TaskLink {
  readonly accountId: string;
  readonly taskId: string;
}

/**
 * A task linked to an account, noted under the account (`ACCOUNT#<id>` / `TASK#<taskId>`), written with the
 * task (a task's links never change). Announces nothing: the task does.
 */
export const taskLinks = /* @__PURE__ */ entity({
  type: 'TaskLink',
  key: (link: TaskLink): Key => ({ pk: accountPartition(link.accountId), sk: `TASK#${link.taskId}` }),
  indexes: {},
});

/** What a new task is written as: the task, and its note under the account it is linked to (if any). */
export const taskItems = (task: Task): Record<string, unknown>[] => [
  taskItem(task),
  ...(task.links.accountId === undefined
    ? []
    : [taskLinks.item({ accountId: task.links.accountId, taskId: task.id })]),
];

/** A task falling due, announced once per task and due time: kept under its task, by due time. */
export const taskDues = /* @__PURE__ */ entity({
  type: 'TaskDue',
  key: (due: TaskDue): Key => ({ pk: taskPartition(due.id), sk: `DUE#${due.dueAt}` }),
  indexes: {},
});

export const mailKey = (mailId: string) => ({ pk: `MAIL#${mailId}`, sk: 'MAIL' }) as const;

/** The id of the e-mail telling a task's assignee it is due: one per task and due time. */
export const taskDueMailId = (taskId: string, dueAt: string) => derivedId(`task-due#${taskId}#${dueAt}`);

export const mails = /* @__PURE__ */ entity({
  type: 'Mail',
  key: (mail: Mail): Key => mailKey(mail.id),
  indexes: {
    /** Not sent yet, oldest first: what the reconciler looks at. */
    pending: /* @__PURE__ */ pendingIndex<Mail>(
      'MAIL#PENDING',
      (mail) => mail.status === 'queued' || mail.status === 'sending',
      (mail) => mail.createdAt,
    ),
  },
});

export const mailItem = (mail: Mail) => mails.item(mail);
export const toMail = (item: Record<string, unknown>) => recordOf<Mail>(item);

/** Where the due-tasks job keeps the end of the window it last announced (`until`). */
export const TASKS_DUE_CHECKPOINT = { pk: 'JOB#tasks-due', sk: 'CHECKPOINT' } as const;
