// The scheduled jobs' work. Each reads only what its period concerns (from an index, a key range — never
// every record) and makes every effect conditional, so running a job twice for the same time changes
// nothing the first run did not.

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../accounts/account.ts';
import { issueInvoice } from '../orders/order-store.ts';
import { documentClient } from '../platform/clients.ts';
import { derivedId, memberKey, taskKey } from '../platform/keys.ts';
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
import { priorityRank, type Ticket, ticketItem, toTicket, UNRESOLVED_STATES } from '../service/ticket.ts';
import type { Member } from '../team/member.ts';
import { allMembers } from '../team/member-store.ts';
import { queueMail } from './mailbox.ts';
import { type Task, toTask } from './work.ts';

const month = (at: Date) => at.toISOString().slice(0, 7);
const DAY_MS = 24 * 3600_000;

/**
 * Monthly: one retainer invoice per active client account on a retainer, for the month of `at` — whatever
 * number of times it runs (the invoice's id derives from the account and the month).
 */
export async function issueRetainerInvoices(at: Date) {
  const tally = { read: 0 };
  const billed = month(at);
  const accounts = (await queryAll(
    {
      TableName: TABLE_NAME,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :clients',
      FilterExpression:
        'lifecycleStage = :active AND billing.#model = :retainer AND billing.monthlyFee > :zero',
      ExpressionAttributeNames: { '#model': 'model' },
      ExpressionAttributeValues: {
        ':clients': 'ACCOUNT#REL#client',
        ':active': 'active',
        ':retainer': 'retainer',
        ':zero': 0,
      },
    },
    tally,
  )) as Account[];
  let issued = 0;
  let alreadyIssued = 0;
  for (const account of accounts) {
    const fee = account.billing?.monthlyFee ?? 0;
    const { issued: fresh } = await issueInvoice(
      {
        id: derivedId(`invoice#retainer#${account.id}#${billed}`),
        accountId: account.id,
        lines: [{ description: `Retainer, ${billed}`, quantity: 1, unitPrice: fee, amount: fee }],
        currency: account.billing?.currency ?? 'EUR',
        total: fee,
        issuedAt: at.toISOString(),
        dueAt: new Date(at.getTime() + 30 * DAY_MS).toISOString(),
        source: { kind: 'retainer', month: billed },
        createdAt: at.toISOString(),
        version: 1,
      },
      at,
    );
    if (fresh) issued++;
    else alreadyIssued++;
  }
  return { month: billed, accounts: accounts.length, issued, alreadyIssued, read: tally.read };
}

const TASKS_DUE_CHECKPOINT = { pk: 'JOB#tasks-due', sk: 'CHECKPOINT' } as const;
const HOUR_MS = 3600_000;
/** How far back a late or missed run looks (runs since the last checkpoint are caught up to this). */
const MAX_CATCH_UP_MS = 7 * DAY_MS;

/**
 * Hourly: each open task whose due time has come (since the previous run, or the last hour) is announced
 * once — a `TaskDue` record, which the stream turns into the TaskDue event — and its assignee e-mailed, in
 * one transaction. Reads the open tasks due in the window (a key range of the status index), nothing else.
 */
export async function announceDueTasks(at: Date) {
  const tally = { read: 0 };
  const checkpoint = await readItem(TASKS_DUE_CHECKPOINT);
  tally.read += 1;
  const last = typeof checkpoint?.until === 'string' ? Date.parse(checkpoint.until) : Number.NaN;
  const from = new Date(
    Math.max(at.getTime() - MAX_CATCH_UP_MS, Math.min(at.getTime() - HOUR_MS, last || at.getTime())),
  );
  const due = (
    await queryAll(
      {
        TableName: TABLE_NAME,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :open AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':open': 'TASK#STATUS#open',
          // (from, at]: a task due exactly at the previous run's time was that run's.
          ':from': `${from.toISOString()}#\uffff`,
          ':to': `${at.toISOString()}#\uffff`,
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
    const outcome = await announceDue(task, assignee, at);
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
    cache.set(id, Item === undefined || Item.active === false ? undefined : (Item as Member));
  }
  return cache.get(id);
}

/** The TaskDue record and the assignee's e-mail, together and once per task and due time. */
async function announceDue(task: Task, assignee: Member | undefined, at: Date) {
  const seed = `task-due#${task.id}#${task.dueAt}`;
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
      pk: taskKey(task.id).pk,
      sk: `DUE#${task.dueAt}`,
      type: 'TaskDue',
      id: task.id,
      title: task.title,
      dueAt: task.dueAt,
      ...(task.assigneeId === undefined ? {} : { assigneeId: task.assigneeId }),
      links: task.links,
      ...(task.links.accountId === undefined ? {} : { accountId: task.links.accountId }),
      createdAt: created,
      version: 1,
      // Kept well past the longest catch-up window, then left to expire.
      expiresAt: Math.floor(at.getTime() / 1000) + 90 * 24 * 3600,
    }),
    ...(assignee === undefined
      ? []
      : [
          queueMail(
            {
              id: derivedId(seed),
              to: assignee.email,
              subject: `Due now: ${task.title.slice(0, 100)}`,
              lines: [
                `Hello ${assignee.name},`,
                '',
                `Your task “${task.title}” is due ${task.dueAt.replace('T', ' ').slice(0, 16)} UTC.`,
                ...task.checklist.filter((item) => !item.done).map((item) => `  [ ] ${item.text}`),
                '',
                `Task ${task.id}.`,
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

export const ESCALATE_AFTER_MS = 4 * HOUR_MS;

/**
 * Hourly: urgent tickets still unresolved 4 hours after they were opened are escalated once — every active
 * admin e-mailed, and `escalatedAt` stamped in the same transaction. Reads only urgent unresolved tickets
 * older than 4 hours (a key range of the status index). Without an active admin nothing is stamped, so the
 * next run tries again.
 */
export async function escalateUrgentTickets(at: Date) {
  const tally = { read: 0 };
  const before = new Date(at.getTime() - ESCALATE_AFTER_MS).toISOString();
  const rank = priorityRank('urgent');
  const overdue: Ticket[] = [];
  for (const status of UNRESOLVED_STATES) {
    const items = await queryAll(
      {
        TableName: TABLE_NAME,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :status AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':status': `TICKET#STATUS#${status}`,
          ':from': `${rank}#`,
          ':to': `${rank}#${before}`,
        },
      },
      tally,
    );
    overdue.push(...items.map(toTicket).filter((ticket) => ticket.escalatedAt === undefined));
  }
  if (overdue.length === 0) return { overdue: 0, escalated: 0, admins: 0, read: tally.read };
  const admins = (await allMembers()).filter((member) => member.active && member.roles.includes('admin'));
  if (admins.length === 0) {
    return { overdue: overdue.length, escalated: 0, admins: 0, read: tally.read, note: 'no active admin' };
  }
  let escalated = 0;
  for (const ticket of overdue) {
    if (await escalate(ticket, admins, at)) escalated++;
  }
  return { overdue: overdue.length, escalated, admins: admins.length, read: tally.read };
}

async function escalate(ticket: Ticket, admins: readonly Member[], at: Date): Promise<boolean> {
  const stamped: Ticket = {
    ...ticket,
    escalatedAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: ticket.version + 1,
  };
  const opened = ticket.createdAt.replace('T', ' ').slice(0, 16);
  try {
    await transact([
      {
        Put: {
          TableName: TABLE_NAME,
          Item: ticketItem(stamped),
          ConditionExpression: 'version = :read AND attribute_not_exists(escalatedAt)',
          ExpressionAttributeValues: { ':read': ticket.version },
        },
      },
      ...admins.map((admin) =>
        queueMail(
          {
            id: derivedId(`escalation#${ticket.id}#${admin.id}`),
            to: admin.email,
            subject: `Escalated: urgent ticket unresolved for 4 hours — ${ticket.problem.slice(0, 60)}`,
            lines: [
              `Hello ${admin.name},`,
              '',
              `An urgent ticket opened ${opened} UTC is still ${ticket.status}.`,
              ...(ticket.product === undefined ? [] : [`Product: ${ticket.product}`]),
              `Problem: ${ticket.problem.slice(0, 500)}`,
              `Assignee: ${ticket.assigneeId ?? 'nobody'}`,
              '',
              `Ticket ${ticket.id} on account ${ticket.accountId}.`,
            ],
            about: { accountId: ticket.accountId, ticketId: ticket.id },
          },
          at.toISOString(),
        ),
      ),
    ]);
    return true;
  } catch (error) {
    // Changed since read (resolved, reassigned, escalated by a parallel run): the next run looks again.
    if (error instanceof TransactionRefused && error.failedAt(0)) return false;
    throw error;
  }
}
