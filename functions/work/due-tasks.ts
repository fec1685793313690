// Tasks falling due: each open task whose time has come is announced once, with an e-mail to its assignee.
// Reads a key range of the open tasks' due-date index, never every task; running twice changes nothing.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { indexAttributes, recordOf } from '../platform/entity.ts';
import {
  putNew,
  queryAll,
  readItem,
  sendIfCondition,
  type TransactItem,
  TransactionRefused,
  transact,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { type Member, memberKey } from '../team/index.ts';
import { TASKS_DUE_CHECKPOINT, taskDueMailId, taskDues, taskKey, tasks, toTask } from './entity.ts';
import { linkLines, type MailNames, nameLines, namesFor } from './mail-content.ts';
import { queueMail } from './mailbox.ts';
import type { Task } from './task.ts';

const DAY_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;
/** How far back a late or missed run looks (runs since the last checkpoint are caught up to this). */
const MAX_CATCH_UP_MS = 7 * DAY_MS;

/**
 * Hourly: each open task whose due time has come (since the previous run, or the last hour) is announced
 * once — a `TaskDue` record, which the stream turns into the TaskDue event — and its assignee e-mailed, in
 * one transaction. Reads the open tasks due in the window (a key range of the status index), each assignee
 * once, and for each mail the names of the task's account and contact (one BatchGet), nothing else.
 */
export async function announceDueTasks(at: Date) {
  const tally = { read: 0 };
  const checkpoint = await readItem(TASKS_DUE_CHECKPOINT);
  tally.read += 1;
  const last = typeof checkpoint?.until === 'string' ? Date.parse(checkpoint.until) : Number.NaN;
  const from = new Date(
    Math.max(at.getTime() - MAX_CATCH_UP_MS, Math.min(at.getTime() - HOUR_MS, last || at.getTime())),
  );
  const { byStatus } = tasks.indexes;
  // (from, at]: a task due exactly at the previous run's time was that run's.
  const window = byStatus.dueAfter(from.toISOString(), at.toISOString());
  const keyNames = indexAttributes(byStatus.index);
  const due = (
    await queryAll(
      {
        TableName: TABLE_NAME,
        IndexName: byStatus.index,
        KeyConditionExpression: `${keyNames.pk} = :open AND ${keyNames.sk} BETWEEN :from AND :to`,
        ExpressionAttributeValues: {
          ':open': byStatus.partition('open'),
          ':from': window.from,
          ':to': window.to,
        },
      },
      tally,
    )
  ).map(toTask);
  const members = new Map<string, Member | undefined>();
  let announced = 0;
  let already = 0;
  let changed = 0;
  let mailed = 0;
  for (const task of due) {
    const assignee = await memberFor(task.assigneeId, members, tally);
    // Only a mail shows them: read for a task whose assignee is e-mailed.
    const names = assignee === undefined ? {} : await namesFor(task.links, tally);
    const outcome = await announceDue(task, assignee, names, at);
    if (outcome === 'announced') {
      announced++;
      if (assignee !== undefined) mailed++;
    } else if (outcome === 'already announced') already++;
    else changed++;
  }
  await sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: TASKS_DUE_CHECKPOINT,
      UpdateExpression: 'SET #until = :at, #type = :type',
      ConditionExpression: 'attribute_not_exists(#until) OR #until < :at',
      ExpressionAttributeNames: { '#until': 'until', '#type': 'type' },
      ExpressionAttributeValues: { ':at': at.toISOString(), ':type': 'Checkpoint' },
    }),
  );
  return {
    window: { from: from.toISOString(), to: at.toISOString() },
    due: due.length,
    announced,
    alreadyAnnounced: already,
    changedMeanwhile: changed,
    mailed,
    read: tally.read,
  };
}

async function memberFor(
  id: string | undefined,
  cache: Map<string, Member | undefined>,
  tally: { read: number },
): Promise<Member | undefined> {
  if (id === undefined) return undefined;
  if (!cache.has(id)) {
    const { Item } = await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: memberKey(id) }));
    tally.read += 1;
    cache.set(id, Item === undefined || Item.active === false ? undefined : recordOf<Member>(Item));
  }
  return cache.get(id);
}

/** The TaskDue record and the assignee's e-mail, together and once per task and due time. */
async function announceDue(task: Task, assignee: Member | undefined, names: MailNames, at: Date) {
  const created = at.toISOString();
  const items: TransactItem[] = [
    // Still open and still due then: a task done or moved meanwhile is not announced.
    {
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: taskKey(task.id),
        ConditionExpression: '#status = :open AND dueAt = :dueAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'open', ':dueAt': task.dueAt },
      },
    },
    putNew({
      ...taskDues.item({
        id: task.id,
        title: task.title,
        dueAt: task.dueAt,
        ...(task.assigneeId === undefined ? {} : { assigneeId: task.assigneeId }),
        links: task.links,
        ...(task.links.accountId === undefined ? {} : { accountId: task.links.accountId }),
        createdAt: created,
        version: 1,
      }),
      // Kept well past the longest catch-up window, then left to expire.
      expiresAt: Math.floor(at.getTime() / 1000) + 90 * 24 * 3600,
    }),
    ...(assignee === undefined
      ? []
      : [
          queueMail(
            {
              id: taskDueMailId(task.id, task.dueAt),
              to: assignee.email,
              subject: `Due now: ${task.title.slice(0, 100)}`,
              lines: [
                `Hello ${assignee.name},`,
                '',
                `Your task “${task.title}” is due ${task.dueAt.replace('T', ' ').slice(0, 16)} UTC.`,
                ...nameLines(names),
                ...task.checklist.filter((item) => !item.done).map((item) => `  [ ] ${item.text}`),
                ...linkLines('tasks', task.id),
              ],
              about: task.links,
            },
            created,
          ),
        ]),
  ];
  try {
    await transact(items);
    return 'announced' as const;
  } catch (error) {
    if (error instanceof TransactionRefused && error.failedAt(1)) return 'already announced' as const;
    // Done, cancelled or rescheduled since it was read: not due any more.
    if (error instanceof TransactionRefused && error.failedAt(0)) return 'changed meanwhile' as const;
    throw error;
  }
}
