// A realistic, reproducible CRM data set for `npm run seed` and the report tests: a team, accounts with
// contacts, deals, tickets, surveys, interactions and tasks, each record with every version it went through
// (v1, v2, …) dated in the past. Pure: the same options give the same records and the same ids.
import type { Account } from '../functions/accounts/account.ts';
import type { Contact } from '../functions/accounts/contact.ts';
import type { Interaction } from '../functions/accounts/interaction.ts';
import { type Deal, proposalFollowUpTasks } from '../functions/sales/deal.ts';
import type { Quota } from '../functions/sales/quota.ts';
import type { Ticket } from '../functions/service/ticket.ts';
import type { Member } from '../functions/team/member.ts';
import type { Mail } from '../functions/work/mail.ts';
import type { Task } from '../functions/work/task.ts';
import { generateAccount } from './seed/accounts.ts';
import { generateContacts } from './seed/contacts.ts';
import {
  type AccountScope,
  type History,
  iso,
  type SeededSurvey,
  type SeedOptions,
  seedContext,
} from './seed/context.ts';
import { generateDeals } from './seed/deals.ts';
import { generateInteractions, interactionLog } from './seed/interactions.ts';
import { generateQuotas } from './seed/quotas.ts';
import { Random } from './seed/random.ts';
import { generateTasks } from './seed/tasks.ts';
import { generateTeam } from './seed/team.ts';
import { generateTickets } from './seed/tickets.ts';

export type { History, SeededSurvey, SeedOptions } from './seed/context.ts';

export interface DataSet {
  readonly options: Required<SeedOptions>;
  /** First moment of the history (ISO), `months` before `today`. */
  readonly from: string;
  /** End of the history (ISO): `today` at 00:00 UTC; nothing is dated at or after it. */
  readonly until: string;
  readonly members: readonly Member[];
  readonly accounts: readonly History<Account>[];
  readonly contacts: readonly Contact[];
  readonly deals: readonly History<Deal>[];
  readonly tickets: readonly History<Ticket>[];
  readonly surveys: readonly SeededSurvey[];
  /** The survey e-mails, already sent (their ids are the surveys'). */
  readonly mails: readonly Mail[];
  readonly interactions: readonly Interaction[];
  readonly tasks: readonly History<Task>[];
  /** The sales members' monthly quotas. */
  readonly quotas: readonly Quota[];
}

export function generateDataSet(input: SeedOptions): DataSet {
  const context = seedContext(input);
  const { options } = context;
  const team = generateTeam(context);

  const accounts: History<Account>[] = [];
  const contacts: Contact[] = [];
  const deals: History<Deal>[] = [];
  const tickets: History<Ticket>[] = [];
  const surveys: SeededSurvey[] = [];
  const mails: Mail[] = [];
  const interactions: Interaction[] = [];
  const tasks: History<Task>[] = [];

  for (let index = 0; index < options.accounts; index++) {
    const scope: AccountScope = {
      ...context,
      team,
      index,
      random: new Random(options.seed, `account#${index}`),
      perMonth: options.months,
      key: (kind, n) => `${kind}#${index}#${n}`,
    };
    // Every generator below draws from the account's stream in turn: changing their order changes the data.
    const account = generateAccount(scope);
    const people = generateContacts(scope, account);
    const log = interactionLog(scope, account.id);
    const accountDeals = generateDeals(scope, account);
    const accountTickets = generateTickets(scope, account, people, log);
    generateInteractions(scope, account, people, log);
    const accountTasks = generateTasks(scope, account, people, accountTickets.opened);

    accounts.push(account.versions);
    contacts.push(...people);
    deals.push(...accountDeals);
    tickets.push(...accountTickets.tickets);
    surveys.push(...accountTickets.surveys);
    mails.push(...accountTickets.mails);
    interactions.push(...log.records, ...accountTickets.answers);
    tasks.push(...accountTasks, ...accountTickets.recoveries);
    // A deal opened in proposal has its follow-ups, as the automation would make them (it finds them made).
    for (const versions of accountDeals) {
      const [first] = versions;
      if (first?.stage === 'proposal')
        tasks.push(...proposalFollowUpTasks(first, first.createdAt, first.createdAt).map((task) => [task]));
    }
  }

  return {
    options,
    from: iso(context.from),
    until: iso(context.until),
    members: team.members,
    accounts,
    contacts,
    deals,
    tickets,
    surveys,
    mails,
    interactions,
    tasks,
    quotas: generateQuotas(context, team),
  };
}
