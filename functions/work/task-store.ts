import { NotFound, Stale } from '../platform/errors.ts';
import { indexPage, listByType, readItem, updateVersioned, withPatch } from '../platform/store.ts';
import { taskItem, taskKey, tasks, toTask } from './entity.ts';
import type { Task, TaskListQuery, TaskPatch } from './task.ts';

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
    exhausted: () => new Stale(`Task ${id} changed meanwhile; read it again.`),
    change: (current) => {
      const next = withPatch(current, patch, now);
      if (patch.dueAt !== undefined) next.dueAt = new Date(patch.dueAt).toISOString();
      return next;
    },
  });

/** By assignee or by status (due soonest first, optionally only those due before a time), or all. */
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
  return listByType(tasks.indexes.all.type, query, toTask, true);
}
