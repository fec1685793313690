// A realistic, reproducible CRM data set for `npm run seed` and the report tests: a team, accounts with
// contacts, deals, tickets, surveys, interactions, tasks, orders and their bills, each record with every
// version it went through (v1, v2, …) dated in the past. Pure: the same options give the same records and the same ids.
import type { Account } from '../functions/accounts/account.ts';
import type { Contact } from '../functions/accounts/contact.ts';
import type { Interaction } from '../functions/accounts/interaction.ts';
import {
  billNumber,
  type Charge,
  chargeOf,
  type Invoice,
  invoiceOf,
  type Order,
} from '../functions/orders/order.ts';
import type { Product } from '../functions/orders/product.ts';
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
import { generateCatalogue, generateOrders, type SeededBill } from './seed/orders.ts';
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
  /** The catalogue's standard products. */
  readonly products: readonly Product[];
  readonly orders: readonly History<Order>[];
  /** The fulfilled orders' and the retainers' bills: invoices to external accounts, charges to internal ones. */
  readonly invoices: readonly Invoice[];
  readonly charges: readonly Charge[];
  /** The last number each year's invoices and charges took (what the counters hold). */
  readonly billCounters: readonly {
    readonly kind: 'invoice' | 'charge';
    readonly year: string;
    readonly last: number;
  }[];
}

/** The bills numbered in the order they were issued, each kind gap-free per year, as issueBill numbers them. */
function numberBills(bills: readonly SeededBill[]) {
  const invoices: Invoice[] = [];
  const charges: Charge[] = [];
  const last = new Map<string, { kind: 'invoice' | 'charge'; year: string; last: number }>();
  const sorted = [...bills].sort(
    (a, b) => a.draft.issuedAt.localeCompare(b.draft.issuedAt) || (a.draft.id < b.draft.id ? -1 : 1),
  );
  for (const { draft, audience, costCentre } of sorted) {
    const kind = audience === 'internal' ? 'charge' : 'invoice';
    const year = draft.issuedAt.slice(0, 4);
    const counter = last.get(`${kind}#${year}`) ?? { kind, year, last: 0 };
    counter.last++;
    last.set(`${kind}#${year}`, counter);
    const number = billNumber(kind, year, counter.last);
    if (kind === 'invoice') invoices.push(invoiceOf(draft, number));
    else charges.push(chargeOf(draft, number, costCentre));
  }
  return { invoices, charges, billCounters: [...last.values()] };
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
  const catalogue = generateCatalogue(context);
  const orders: History<Order>[] = [];
  const bills: SeededBill[] = [];

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
    // Orders and bills draw from a stream of their own, so the records above stay as they were without them.
    const ordered = generateOrders(
      { ...scope, random: new Random(options.seed, `orders#${index}`) },
      account,
      catalogue,
    );
    orders.push(...ordered.orders);
    bills.push(...ordered.bills);
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
    products: catalogue,
    orders,
    ...numberBills(bills),
  };
}
