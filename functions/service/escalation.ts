// Escalation of urgent tickets: still unresolved 4 hours after opening → every active admin e-mailed, once.
// Reads a key range of the status index (urgent, unresolved, older than 4 hours), never every ticket.
import { indexAttributes } from '../platform/entity.ts';
import { queryAll, TransactionRefused, transact } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import type { Member } from '../team/index.ts';
import { allMembers } from '../team/services.ts';
import { linkLines, type MailNames, nameLines, namesFor, queueMail } from '../work/services.ts';
import { escalationMailId, ticketItem, tickets, toTicket } from './entity.ts';
import { type Ticket, UNRESOLVED_STATES } from './ticket.ts';

const HOUR_MS = 3600_000;
export const ESCALATE_AFTER_MS = 4 * HOUR_MS;

/**
 * Hourly: urgent tickets still unresolved 4 hours after they were opened are escalated once — every active
 * admin e-mailed, and `escalatedAt` stamped in the same transaction. Reads only urgent unresolved tickets
 * older than 4 hours (a key range of the status index), then the team and, per ticket escalated, its account's
 * and contact's names (one BatchGet). Without an active admin nothing is stamped, so the next run tries again.
 */
export async function escalateUrgentTickets(at: Date) {
  const tally = { read: 0 };
  const before = new Date(at.getTime() - ESCALATE_AFTER_MS).toISOString();
  const { byStatus } = tickets.indexes;
  const keyNames = indexAttributes(byStatus.index);
  const range = byStatus.createdUpTo('urgent', before);
  const overdue: Ticket[] = [];
  for (const status of UNRESOLVED_STATES) {
    const items = await queryAll(
      {
        TableName: TABLE_NAME,
        IndexName: byStatus.index,
        KeyConditionExpression: `${keyNames.pk} = :status AND ${keyNames.sk} BETWEEN :from AND :to`,
        ExpressionAttributeValues: {
          ':status': byStatus.partition(status),
          ':from': range.from,
          ':to': range.to,
        },
      },
      tally,
    );
    overdue.push(...items.map(toTicket).filter((ticket) => ticket.escalatedAt === undefined));
  }
  if (overdue.length === 0) return { overdue: 0, escalated: 0, admins: 0, read: tally.read };
  const team = await allMembers();
  const admins = team.filter((member) => member.active && member.roles.includes('admin'));
  if (admins.length === 0) {
    return { overdue: overdue.length, escalated: 0, admins: 0, read: tally.read, note: 'no active admin' };
  }
  // The assignee's name comes from the team already read; the account's and contact's, one BatchGet a ticket.
  const memberNames = new Map(team.map((member) => [member.id, member.name]));
  let escalated = 0;
  for (const ticket of overdue) {
    // An assignee who is no member (a record from before that check) is still named, by id.
    const assignee =
      ticket.assigneeId === undefined ? 'nobody' : (memberNames.get(ticket.assigneeId) ?? ticket.assigneeId);
    const names = await namesFor(ticket, tally);
    if (await escalate(ticket, admins, names, assignee, at)) escalated++;
  }
  return { overdue: overdue.length, escalated, admins: admins.length, read: tally.read };
}

async function escalate(
  ticket: Ticket,
  admins: readonly Member[],
  names: MailNames,
  assignee: string,
  at: Date,
): Promise<boolean> {
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
            id: escalationMailId(ticket.id, admin.id),
            to: admin.email,
            subject: `Escalated: urgent ticket unresolved for 4 hours — ${ticket.problem.slice(0, 60)}`,
            lines: [
              `Hello ${admin.name},`,
              '',
              `An urgent ticket opened ${opened} UTC is still ${ticket.status}.`,
              ...nameLines(names),
              ...(ticket.product === undefined ? [] : [`Product: ${ticket.product}`]),
              `Problem: ${ticket.problem.slice(0, 500)}`,
              `Assignee: ${assignee}`,
              ...linkLines('tickets', ticket.id),
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
