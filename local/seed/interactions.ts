// An account's interactions: the log every generator of the account writes them to (the ones on its tickets
// come from tickets.ts), and the ones on no ticket: service check-ins and the sales conversations.
import type { Contact } from '../../functions/accounts/contact.ts';
import type { Interaction } from '../../functions/accounts/interaction.ts';
import type { SeededAccount } from './accounts.ts';
import { type AccountScope, DAY, iso, MINUTE } from './context.ts';
import { SALES_SUBJECTS } from './words.ts';

export interface LoggedInteraction {
  readonly at: number;
  readonly category: Interaction['category'];
  readonly direction: Interaction['direction'];
  readonly channel: Interaction['channel'];
  readonly subject: string;
  readonly agentId: string | undefined;
  readonly contactId?: string | undefined;
  readonly ticketId?: string | undefined;
}

export interface InteractionLog {
  /** The account's interactions in the order they were logged (their ids count up in that order). */
  readonly records: readonly Interaction[];
  /** Log one, drawing how long it took (on a call, meeting, chat or visit) and when it was written down. */
  readonly interact: (fields: LoggedInteraction) => void;
}

/** How long an interaction takes on the channels where that is recorded, shortest to longest (seconds). */
const DURATION_SECONDS: Partial<Record<Interaction['channel'], [number, number]>> = {
  call: [120, 1800],
  meeting: [900, 3600],
  chat: [180, 1200],
  visit: [1800, 7200],
};

export function interactionLog(scope: AccountScope, accountId: string): InteractionLog {
  const { random, until, idAt, key } = scope;
  const records: Interaction[] = [];
  let interactionCount = 0;
  const interact = (fields: LoggedInteraction) => {
    const range = DURATION_SECONDS[fields.channel];
    const durationSeconds = range === undefined ? undefined : random.int(range[0], range[1]);
    const logged = Math.min(
      fields.at + (durationSeconds ?? 0) * 1000 + random.between(0, 10 * MINUTE),
      until - 1,
    );
    records.push({
      id: idAt(fields.at, key('interaction', interactionCount++)),
      accountId,
      channel: fields.channel,
      direction: fields.direction,
      category: fields.category,
      subject: fields.subject,
      occurredAt: iso(fields.at),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      ...(fields.agentId === undefined ? {} : { agentId: fields.agentId, loggedBy: fields.agentId }),
      ...(fields.contactId === undefined ? {} : { contactId: fields.contactId }),
      ...(fields.ticketId === undefined ? {} : { ticketId: fields.ticketId }),
      createdAt: iso(Math.max(logged, fields.at)),
      version: 1,
    });
  };
  return { records, interact };
}

/** The interactions on no ticket: check-in calls by service, and the sales conversations. */
export function generateInteractions(
  scope: AccountScope,
  account: SeededAccount,
  people: readonly Contact[],
  { interact }: InteractionLog,
): void {
  const { random, from, until, perMonth } = scope;
  const { service } = scope.team;
  const { stage, ownerId, createdAt } = account;
  const since = Math.max(createdAt, from - 30 * DAY);
  if ((stage === 'active' || stage === 'churned') && until - since > DAY) {
    for (let k = random.count(0.2 * perMonth); k > 0; k--) {
      interact({
        at: random.workTime(since, until),
        category: 'service',
        direction: 'outbound',
        channel: random.pick(['call', 'meeting', 'email'] as const),
        subject: 'Check-in',
        agentId: random.pick(service),
        contactId: random.pick(people).id,
      });
    }
  }
  if (until - since > DAY) {
    for (let k = random.count(0.45 * perMonth); k > 0; k--) {
      interact({
        at: random.workTime(since, until),
        category: 'sales',
        direction: random.chance(0.7) ? 'outbound' : 'inbound',
        channel: random.weighted([
          ['call', 4],
          ['email', 4],
          ['meeting', 2],
          ['visit', 1],
        ] as const),
        subject: random.pick(SALES_SUBJECTS),
        agentId: ownerId,
        contactId: random.pick(people).id,
      });
    }
  }
}
