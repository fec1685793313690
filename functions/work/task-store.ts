import { NotFound, PreconditionFailed } from '../platform/errors.ts';
import { taskKey } from '../platform/keys.ts';
import { indexPage, listByType, readItem, updateVersioned, withPatch } from '../platform/store.ts';
import { type Task, type TaskListQuery, type TaskPatch, taskItem, toTask } from './task.ts';

export async function getTask(id: string): Promise<Task> {
  const item = await readItem(taskKey(id));
  if (item === undefined) throw new NotFound('Task', id);
  return toTask(item);
}

/** Apply a patch to the task as read, and write it whole on the condition it is still that version. */
export const updateTask = (id: string, patch: TaskPatch, ifMatch: number | undefined, now: Date) =>
  updateVersioned<Task>({
    what: `Task ${id}`,
    read: () => getTask(id),
    item: taskItem,
    ifMatch,
    attempts: 10,
    exhausted: () => new PreconditionFailed(`Task ${id} changed meanwhile; read it again.`),
    change: (current) => {
      const next = withPatch(current, patch, now);
      if (patch.dueAt !== undefined) next.dueAt = new Date(patch.dueAt).toISOString();
      return next;
    },
  });

/** By assignee or by status (due soonest first, optionally only those due before a time), or all. */
export async function listTasks(query: TaskListQuery) {
  if (query.assigneeId === undefined && query.status === undefined) {
    return listByType('TASK', query, toTask, true);
  }
  const byAssignee = query.assigneeId !== undefined;
  const prefix = byAssignee ? 'TASK#' : '';
  const before = query.dueBefore === undefined ? undefined : new Date(query.dueBefore).toISOString();
  return indexPage({
    index: { index: byAssignee ? 'gsi1' : 'gsi2' },
    partition: byAssignee ? `ASSIGNEE#${query.assigneeId}` : `TASK#STATUS#${query.status}`,
    // Sort keys are <prefix><dueAt>#<id>: everything due before `before` sorts below `<prefix><before>`; key
    // values cannot be empty, so the lowest due date sorts after '0'.
    range: { from: `${prefix}0`, to: before === undefined ? `${prefix}\uffff` : `${prefix}${before}` },
    ...(byAssignee && query.status !== undefined ? { filter: { field: 'status', value: query.status } } : {}),
    query,
    toRecord: toTask,
  });
}
