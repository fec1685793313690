// An account's tickets, each with every move it made, the service interactions on it, and a satisfaction
// survey (and its e-mail) for each resolution — with what the automations made of its answers (answers.ts).
// Customers open tickets while they are customers; prospects now and then.
import { dedicatedManagerOf } from '../../functions/accounts/account.ts';
import type { Contact } from '../../functions/accounts/contact.ts';
import type { Interaction } from '../../functions/accounts/interaction.ts';
import { moved, type Priority, type Ticket, type TicketStatus } from '../../functions/service/ticket.ts';
import type { Mail } from '../../functions/work/mail.ts';
import type { Task } from '../../functions/work/task.ts';
import type { SeededAccount } from './accounts.ts';
import { answerOutcomes } from './answers.ts';
import { type AccountScope, DAY, type History, HOUR, iso, MINUTE, type SeededSurvey } from './context.ts';
import type { InteractionLog } from './interactions.ts';
import { generateSurvey } from './surveys.ts';
import { PROBLEMS, PRODUCTS, SERVICE_SUBJECTS } from './words.ts';

export interface SeededTickets {
  readonly tickets: History<Ticket>[];
  /** Each ticket as it was opened, for the tasks about one. */
  readonly opened: Ticket[];
  readonly surveys: SeededSurvey[];
  /** The survey e-mails, already sent. */
  readonly mails: Mail[];
  /** The answers on the account's timeline (RecordSurveyAnswer's). */
  readonly answers: Interaction[];
  /** The recovery tasks of the poor answers (ServiceRecovery's). */
  readonly recoveries: History<Task>[];
}

export function generateTickets(
  scope: AccountScope,
  account: SeededAccount,
  people: readonly Contact[],
  { interact }: InteractionLog,
): SeededTickets {
  const { random, from, until, perMonth, idAt, key } = scope;
  const { service } = scope.team;
  const { id: accountId, stage, createdAt, churnedAt } = account;
  const tickets: History<Ticket>[] = [];
  const surveys: SeededSurvey[] = [];
  const mails: Mail[] = [];
  const answers: Interaction[] = [];
  const recoveries: History<Task>[] = [];
  const manager = dedicatedManagerOf(account.now);
  const ticketCount = random.count(
    (stage === 'active' || stage === 'churned' ? 0.8 : stage === 'lead' ? 0.04 : 0.12) * perMonth,
  );
  const ticketsUntil = Math.min(until, (churnedAt ?? until) + 14 * DAY);
  const accountTickets: Ticket[] = [];
  for (let n = 0; n < ticketCount && createdAt + 2 * HOUR < ticketsUntil; n++) {
    const openedAt = random.workTime(Math.max(createdAt + HOUR, from - 15 * DAY), ticketsUntil - HOUR);
    const contact = random.pick(people);
    const assigneeId = random.chance(0.92) ? random.pick(service) : undefined;
    const priority = random.weighted<Priority>([
      ['low', 20],
      ['normal', 50],
      ['high', 22],
      ['urgent', 8],
    ]);
    const product = random.pick(PRODUCTS);
    const v1: Ticket = {
      id: idAt(openedAt, key('ticket', n)),
      accountId,
      contactId: contact.id,
      product,
      problem: random.pick(PROBLEMS),
      priority,
      status: 'new',
      ...(assigneeId === undefined ? {} : { assigneeId }),
      links: { accountId, contactId: contact.id },
      createdAt: iso(openedAt),
      updatedAt: iso(openedAt),
      version: 1,
    };
    // The customer got in touch first, often.
    if (random.chance(0.35)) {
      interact({
        at: Math.max(openedAt - random.between(MINUTE, 20 * MINUTE), createdAt),
        category: 'service',
        direction: 'inbound',
        channel: random.pick(['call', 'email', 'chat'] as const),
        subject: v1.problem,
        agentId: assigneeId,
        contactId: contact.id,
        ticketId: v1.id,
      });
    }
    // Old tickets are mostly dealt with by now; recent ones may still wait.
    const recent = until - openedAt < 10 * DAY;
    const path = random.weighted<readonly TicketStatus[]>([
      [[], recent ? 12 : 1],
      [['open'], recent ? 10 : 3],
      [['open', 'pending'], recent ? 8 : 3],
      [['resolved'], 15],
      [['open', 'resolved'], 18],
      [['open', 'resolved', 'closed'], 12],
      [['open', 'pending', 'resolved'], 8],
      [['open', 'resolved', 'open'], 7],
      [['open', 'resolved', 'open', 'resolved'], 10],
    ]);
    const wait: Record<TicketStatus, [number, number]> = {
      new: [0, 0],
      open: [10 * MINUTE, 8 * HOUR],
      pending: [HOUR, 2 * DAY],
      resolved: [HOUR, 5 * DAY],
      closed: [2 * DAY, 10 * DAY],
    };
    const versions: Ticket[] = [v1];
    const ticketSurveys: SeededSurvey[] = [];
    let segmentStart = openedAt;
    for (const to of path) {
      const current = versions.at(-1) as Ticket;
      const [shortest, longest] = current.status === 'resolved' && to === 'open' ? [DAY, 7 * DAY] : wait[to];
      const at = Date.parse(current.updatedAt) + random.between(shortest, longest);
      if (at >= until) break;
      if (to === 'resolved') {
        // The outbound contacts that led to this resolution: none, one (sometimes during which it was
        // resolved), or several.
        const outbound = random.weighted([
          [0, 25],
          [1, 40],
          [2, 20],
          [3, 10],
          [4, 5],
        ]);
        for (let k = 0; k < outbound; k++) {
          const during = k === 0 && random.chance(0.15);
          interact({
            at: during ? at : random.between(segmentStart, at),
            category: 'service',
            direction: 'outbound',
            channel: random.weighted([
              ['call', 5],
              ['email', 3],
              ['chat', 1],
              ['meeting', 1],
            ] as const),
            subject: random.pick(SERVICE_SUBJECTS),
            agentId: assigneeId,
            contactId: contact.id,
            ticketId: v1.id,
          });
        }
      }
      const next: Ticket = {
        ...moved(current, to, new Date(at)),
        updatedAt: iso(at),
        version: current.version + 1,
      };
      versions.push(next);
      if (to === 'open' && current.status === 'resolved') segmentStart = at;
      if (to === 'resolved') {
        const resolvedAt = next.resolvedAt ?? iso(at);
        const { survey, mail } = generateSurvey(scope, v1, contact, resolvedAt, at);
        surveys.push(survey);
        ticketSurveys.push(survey);
        mails.push(mail);
        // Now and then a courtesy call after the fix.
        const after = at + random.between(HOUR, 2 * DAY);
        if (random.chance(0.1) && after < until) {
          interact({
            at: after,
            category: 'service',
            direction: 'outbound',
            channel: 'call',
            subject: 'Checked everything still works',
            agentId: assigneeId,
            contactId: contact.id,
            ticketId: v1.id,
          });
        }
      }
    }
    const last = versions.at(-1) as Ticket;
    if (last.status === 'open' || last.status === 'pending') {
      for (let k = random.int(0, 2); k > 0; k--) {
        interact({
          at: random.between(Date.parse(last.updatedAt), until),
          category: 'service',
          direction: 'outbound',
          channel: random.pick(['call', 'email'] as const),
          subject: random.pick(SERVICE_SUBJECTS),
          agentId: assigneeId,
          contactId: contact.id,
          ticketId: v1.id,
        });
      }
    }
    const outcomes = answerOutcomes(scope, versions, ticketSurveys, manager);
    tickets.push(outcomes.versions);
    answers.push(...outcomes.interactions);
    recoveries.push(...outcomes.tasks);
    accountTickets.push(v1);
  }
  return { tickets, opened: accountTickets, surveys, mails, answers, recoveries };
}
