// Tasks: one item each (TASK#<id>), indexed by assignee and by status, both ordered by due date, so "my
// open tasks due this week" is one Query. Changes are written on the version they were read at.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/clients.ts';
import { NotFound, PreconditionFailed } from '../shared/errors.ts';
import { TABLE_NAME } from '../shared/table.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { taskKey } from './keys.ts';
import { listByType, updateVersioned, withPatch } from './store.ts';
import { type Task, type TaskListQuery, type TaskPatch, taskItem, toTask } from './work.ts';

export async function getTask(id: string): Promise<Task> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: taskKey(id), ConsistentRead: true }),
  );
  if (Item === undefined) throw new NotFound('Task', id);
  return toTask(Item);
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
  const [index, pkName, skName] = byAssignee ? ['gsi1', 'gsi1pk', 'gsi1sk'] : ['gsi2', 'gsi2pk', 'gsi2sk'];
  const partition = byAssignee ? `ASSIGNEE#${query.assigneeId}` : `TASK#STATUS#${query.status}`;
  const prefix = byAssignee ? 'TASK#' : '';
  const before = query.dueBefore === undefined ? undefined : new Date(query.dueBefore).toISOString();
  const page = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: index,
      KeyConditionExpression: `#pk = :pk AND #sk BETWEEN :from AND :to`,
      ...(byAssignee && query.status !== undefined ? { FilterExpression: '#status = :status' } : {}),
      ExpressionAttributeNames: {
        '#pk': pkName,
        '#sk': skName,
        ...(byAssignee && query.status !== undefined ? { '#status': 'status' } : {}),
      },
      ExpressionAttributeValues: {
        ':pk': partition,
        // Key values cannot be empty: the lowest due date sorts after '0'.
        ':from': `${prefix}0`,
        // Sort keys are <prefix><dueAt>#<id>: everything due before `before` sorts below `<prefix><before>`.
        ':to': before === undefined ? `${prefix}\uffff` : `${prefix}${before}`,
        ...(byAssignee && query.status !== undefined ? { ':status': query.status } : {}),
      },
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk', pkName, skName], { [pkName]: partition }),
    }),
  );
  return { items: (page.Items ?? []).map(toTask), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}
