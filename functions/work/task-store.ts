import { accountKey, dedicatedManagerOf, toAccount } from '../accounts/index.ts';
import { accountRefusal, contactExists, liveAccount, liveContact } from '../accounts/services.ts';
import type { Caller } from '../platform/access.ts';
import { Conflict, type ErrorDetail, Invalid, NotFound, Stale } from '../platform/errors.ts';
import {
  deleteVersioned,
  indexPage,
  locate,
  putNew,
  readItem,
  type TransactItem,
  TransactionRefused,
  transact,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { sees } from '../platform/visibility.ts';
import { activeMember } from '../team/services.ts';
import { taskItem, taskItems, taskKey, taskLinks, tasks, toTask } from './entity.ts';
import type { Task, TaskLinks, TaskListQuery, TaskPatch } from './task.ts';

export async function getTask(id: string): Promise<Task> {
  const item = await readItem(taskKey(id));
  if (item === undefined) throw new NotFound('Task', id);
  return toTask(item);
}

/**
 * What making a task writes, in one transaction: the task, its note under the account it is linked to, and the
 * check that the account is not being deleted (nothing is added under an account its deletion has passed).
 */
export const taskCreateItems = (task: Task, checkContact = false): TransactItem[] => {
  const { accountId, contactId } = task.links;
  return [
    ...taskItems(task).map((item) => putNew(item)),
    ...(accountId === undefined ? [] : [liveAccount(accountId)]),
    // Asked for over the API: the contact must not be being merged (an automation's task follows its event).
    ...(checkContact && accountId !== undefined && contactId !== undefined
      ? [liveContact(accountId, contactId)]
      : []),
  ];
};

/** A task's linked account refused it: gone (404), or being deleted or merged (409), named by its link. */
export function linkedAccountRefusal(accountId: string, item: Record<string, unknown> | undefined): Error {
  const refusal = accountRefusal(accountId, item);
  return refusal instanceof Conflict
    ? new Conflict(`${refusal.message} No new task is linked to it.`, [
        {
          path: 'links.accountId',
          message: typeof item?.mergingInto === 'string' ? 'Being merged.' : 'Being deleted.',
        },
      ])
    : refusal;
}

/** Make a task once (an automation's: its id derives from what made it); false when it was made before. */
export async function createTaskOnce(task: Task): Promise<boolean> {
  try {
    await transact(taskCreateItems(task));
    return true;
  } catch (error) {
    if (!(error instanceof TransactionRefused)) throw error;
    if (error.failedAt(0)) return false;
    // The account it is linked to is gone or being deleted: the task goes with it, so it is not made.
    if (task.links.accountId !== undefined && error.failedAt(taskCreateItems(task).length - 1)) return false;
    throw error;
  }
}

/** Apply a patch to the task as read, and write it whole on the condition it is still that version. */
export const updateTask = (
  id: string,
  patch: TaskPatch,
  ifMatch: number | undefined,
  now: Date,
  guard?: (current: Task) => Promise<void> | void,
) =>
  updateVersioned<Task>({
    what: `Task ${id}`,
    read: () => getTask(id),
    guard,
    item: taskItem,
    ifMatch,
    attempts: 10,
    exhausted: () => new Stale(`Task ${id} changed meanwhile; read it again.`),
    change: (current) => {
      const next = withPatch(current, patch, now);
      if (patch.dueAt !== undefined) next.dueAt = new Date(patch.dueAt).toISOString();
      return next;
    },
  });

/**
 * Remove a task and its note under the account it is linked to, in one transaction on the version read. Its
 * TaskDue announcements under it expire on their own.
 */
export const deleteTask = (
  id: string,
  ifMatch: number | undefined,
  guard?: (current: Task) => Promise<void> | void,
) =>
  deleteVersioned<Task>({
    what: `Task ${id}`,
    read: () => getTask(id),
    guard,
    key: (task) => taskKey(task.id),
    with: (task) =>
      task.links.accountId === undefined
        ? []
        : [
            {
              Delete: {
                TableName: TABLE_NAME,
                Key: taskLinks.key({ accountId: task.links.accountId, taskId: task.id }),
              },
            },
          ],
    ifMatch,
  });

/** By assignee, by status, or all of them: due soonest first, optionally only those due before a time. */
export async function listTasks(query: TaskListQuery) {
  const { assigneeId, status } = query;
  const before = query.dueBefore === undefined ? undefined : new Date(query.dueBefore).toISOString();
  if (assigneeId !== undefined) {
    const { byAssignee } = tasks.indexes;
    return indexPage({
      index: byAssignee,
      partition: byAssignee.partition(assigneeId),
      range: byAssignee.dueBefore(before),
      ...(status === undefined ? {} : { filter: { field: 'status', value: status } }),
      query,
      toRecord: toTask,
    });
  }
  if (status !== undefined) {
    const { byStatus } = tasks.indexes;
    return indexPage({
      index: byStatus,
      partition: byStatus.partition(status),
      range: byStatus.dueBefore(before),
      query,
      toRecord: toTask,
    });
  }
  const { byDueDate } = tasks.indexes;
  return indexPage({
    index: byDueDate,
    partition: byDueDate.partition,
    range: byDueDate.dueBefore(before),
    query,
    toRecord: toTask,
  });
}

/**
 * Every link of a task names a record that exists (a contact, under the linked account); otherwise one 400
 * naming each bad link.
 */
export async function assertLinks(links: TaskLinks): Promise<void> {
  const missing = async (path: string, exists: () => Promise<boolean>) =>
    (await exists()) ? [] : [{ path: `links.${path}`, message: 'No such record.' }];
  const { accountId, contactId, dealId, ticketId, orderId } = links;
  const checks: Promise<ErrorDetail[]>[] = [];
  if (accountId !== undefined)
    checks.push(missing('accountId', async () => (await locate('ACCOUNT', accountId)) !== undefined));
  if (contactId !== undefined) {
    checks.push(
      accountId === undefined
        ? Promise.resolve([
            { path: 'links.contactId', message: 'A contact is linked with its account (links.accountId).' },
          ])
        : missing('contactId', () => contactExists(accountId, contactId)),
    );
  }
  if (dealId !== undefined)
    checks.push(missing('dealId', async () => (await locate('DEAL', dealId)) !== undefined));
  if (ticketId !== undefined)
    checks.push(missing('ticketId', async () => (await locate('TICKET', ticketId)) !== undefined));
  if (orderId !== undefined)
    checks.push(missing('orderId', async () => (await locate('ORDER', orderId)) !== undefined));
  const details = (await Promise.all(checks)).flat();
  if (details.length > 0) throw new Invalid(details);
}

/**
 * Who takes a task made without an assignee: the linked client's dedicated account manager, while an active
 * service member — as a client's tickets go to them. Otherwise nobody: a customer's task, or one linked to no
 * account, waits for whoever assigns it. The account is read under the caller's visibility: one they do not see
 * names nobody, so its manager is not told to whoever links it.
 */
export async function defaultAssignee(caller: Caller, links: TaskLinks): Promise<string | undefined> {
  if (links.accountId === undefined) return undefined;
  const item = await readItem(accountKey(links.accountId));
  if (item === undefined) return undefined;
  const account = toAccount(item);
  if (!sees(caller, 'accounts', account.ownerId)) return undefined;
  return (await activeMember(dedicatedManagerOf(account), 'service'))?.id;
}
