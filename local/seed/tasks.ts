// An account's tasks, made in its last 30 days: most still open (some overdue), some done or cancelled; for
// the account's owner (or another sales person) about a contact, or for service about one of its tickets.
import type { Contact } from '../../functions/accounts/contact.ts';
import type { Ticket } from '../../functions/service/ticket.ts';
import type { Task } from '../../functions/work/task.ts';
import type { SeededAccount } from './accounts.ts';
import { type AccountScope, DAY, type History, HOUR, iso } from './context.ts';
import { SALES_TASKS, SERVICE_TASKS } from './words.ts';

export function generateTasks(
  scope: AccountScope,
  account: SeededAccount,
  people: readonly Contact[],
  accountTickets: readonly Ticket[],
): History<Task>[] {
  const { random, until, idAt, key } = scope;
  const { sales, service } = scope.team;
  const { id: accountId, ownerId, createdAt } = account;
  const tasks: History<Task>[] = [];
  const taskCount = random.weighted([
    [0, 40],
    [1, 40],
    [2, 20],
  ]);
  for (let n = 0; n < taskCount && until - createdAt > HOUR; n++) {
    const at = random.workTime(Math.max(createdAt, until - 30 * DAY), until);
    const forService = accountTickets.length > 0 && random.chance(0.35);
    const assigneeId = random.chance(0.1)
      ? undefined
      : forService
        ? random.pick(service)
        : (ownerId ?? random.pick(sales));
    const ticket = forService ? random.pick(accountTickets) : undefined;
    const due = Math.floor((at + random.between(DAY, 20 * DAY)) / HOUR) * HOUR;
    const v1: Task = {
      id: idAt(at, key('task', n)),
      title: random.pick(forService ? SERVICE_TASKS : SALES_TASKS),
      ...(assigneeId === undefined ? {} : { assigneeId }),
      dueAt: iso(due),
      status: 'open',
      checklist: random.chance(0.3)
        ? [
            { text: 'Prepare', done: true },
            { text: 'Follow up', done: false },
          ]
        : [],
      links: {
        accountId,
        ...(ticket === undefined ? { contactId: random.pick(people).id } : { ticketId: ticket.id }),
      },
      createdAt: iso(at),
      updatedAt: iso(at),
      version: 1,
    };
    const outcome = random.weighted([
      ['open', 65],
      ['done', 30],
      ['cancelled', 5],
    ] as const);
    const closedAt = random.between(at + HOUR, Math.min(due, until));
    if (outcome !== 'open' && closedAt < until && closedAt > at) {
      tasks.push([v1, { ...v1, status: outcome, updatedAt: iso(closedAt), version: 2 }]);
    } else tasks.push([v1]);
  }
  return tasks;
}
