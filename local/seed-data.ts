// A realistic, reproducible CRM data set for `npm run seed` and the report tests: a team, accounts with
// contacts, deals, tickets, surveys, interactions and tasks, each record with every version it went through
// (v1, v2, …) dated in the past. Pure: the same options give the same records and the same ids.
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import type { Account } from '../functions/accounts/account.ts';
import type { Contact } from '../functions/accounts/contact.ts';
import type { Interaction } from '../functions/accounts/interaction.ts';
import { derivedId } from '../functions/platform/keys.ts';
import { type Deal, OPEN_STAGES, type Stage } from '../functions/sales/deal.ts';
import type { Survey } from '../functions/service/survey.ts';
import { moved, type Priority, type Ticket, type TicketStatus } from '../functions/service/ticket.ts';
import type { Member } from '../functions/team/member.ts';
import type { Mail } from '../functions/work/mail.ts';
import type { Task } from '../functions/work/task.ts';

export interface SeedOptions {
  readonly accounts: number;
  readonly seed: number;
  /** How many calendar months of history before `today`. */
  readonly months: number;
  /** The day the data set is as of (YYYY-MM-DD, UTC): its history ends at that day's midnight. */
  readonly today: string;
  /** Base of the survey links in the e-mails already sent. */
  readonly publicUrl?: string;
}

/** A record's versions, oldest first: v1 is what was created, each next one a change, the last one now. */
export type History<T> = readonly T[];

export interface SeededSurvey {
  readonly token: string;
  readonly versions: History<Survey>;
}

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
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------- randomness

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number, stream: string) {
    this.next = mulberry32(createHash('sha256').update(`${seed}#${stream}`).digest().readUInt32BE(0));
  }
  float(): number {
    return this.next();
  }
  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries.at(-1);
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }
  /** How many of something that happens `mean` times on average (Poisson). */
  count(mean: number): number {
    const limit = Math.exp(-mean);
    let product = this.next();
    let count = 0;
    while (product > limit) {
      product *= this.next();
      count++;
    }
    return count;
  }
  /** A moment in [from, to). */
  between(from: number, to: number): number {
    return Math.floor(from + this.next() * Math.max(0, to - from));
  }
  /** A moment in [from, to), in office hours (Monday–Friday 08–18 UTC) when the span allows. */
  workTime(from: number, to: number): number {
    if (to - from < DAY) return this.between(from, to);
    for (let tries = 0; tries < 20; tries++) {
      const day = Math.floor(this.between(from, to) / DAY) * DAY;
      const weekday = new Date(day).getUTCDay();
      if ((weekday === 0 || weekday === 6) && this.chance(0.9)) continue;
      const at = day + 8 * HOUR + this.between(0, 10 * HOUR);
      if (at >= from && at < to) return at;
    }
    return this.between(from, to);
  }
}

// ------------------------------------------------------------------------------------------------- words

const words = (list: string) => list.split('|');

const COMPANY_A = words(
  'Nordwind|Alpen|Blauwal|Kestrel|Lumen|Harbor|Orbit|Cedar|Falcon|Granite|Helix|Iris|Juniper|Keystone|Lynx|Meridian|Nimbus|Oakridge|Pioneer|Quartz|Riverside|Summit|Tidewater|Vertex|Willow|Zenith|Aurora|Beacon|Copper|Delta',
);
const COMPANY_B = words(
  'Logistics|Foods|Analytics|Retail|Dental|Architects|Media|Pharma|Systems|Textiles|Energy|Legal|Travel|Robotics|Bakery|Consulting|Marine|Clinics|Studios|Motors',
);
const COMPANY_FORM = words('GmbH|Ltd|BV|SAS|AG|Oy|S.L.|Inc.|ApS|AB');
const DEPARTMENTS = words(
  'Finance|Human Resources|Facilities|IT Operations|Marketing|Procurement|Research|Warehouse|Customer Care|Legal Affairs',
);
const SITES = words('Berlin|Lyon|Porto|Gdańsk|Utrecht|Malmö|Graz|Turin');
const FIRST = words(
  'Anna|Ben|Clara|David|Elif|Finn|Greta|Hugo|Ines|Jonas|Karla|Luca|Mila|Noah|Olga|Paul|Rosa|Sami|Tara|Umar|Vera|Wim|Yara|Zoë|Amélie|Björn|Chloé|Dario|Emma|Felix',
);
const LAST = words(
  'Schmidt|Dubois|Rossi|Novak|Jansen|García|Müller|Nielsen|Kowalski|Silva|Fischer|Moreau|Bianchi|Horvat|de Vries|López|Weber|Larsen|Nowak|Costa',
);
const ROLES = words('CEO|CFO|Head of Operations|Office Manager|IT Lead|Purchasing|Project Manager');
const TAGS = words('priority|partner|eu|newsletter|trade-fair-2026|referral');
const PRODUCTS = words(
  'Router X2|Cloud Backup|Payroll Suite|Mobile App|VoIP Phones|Web Shop|Print Fleet|CRM Connector',
);
const PROBLEMS = words(
  'No connection since the update|The invoice shows the wrong amount|Cannot log in after a password reset|Sync stops at 80 %|The CSV export is empty|Calls drop after 30 seconds|Order confirmation e-mails are missing|Slow at peak times|The printer queue is stuck|Wrong VAT rate at checkout',
);
const DEAL_KINDS = words(
  'Annual licence|Rollout phase 2|Support renewal|Pilot|Upgrade|Hardware refresh|Consulting days|Expansion',
);
const SALES_SUBJECTS = words(
  'Discovery call|Demo|Pricing discussion|Quarterly business review|Contract questions|Follow-up|On-site visit',
);
const SERVICE_SUBJECTS = words(
  'Troubleshooting call|Remote session|Status update|Asked for logs|Confirmed the fix',
);
const SALES_TASKS = words(
  'Call back about the renewal|Send the revised quote|Prepare the quarterly review|Check in after onboarding|Confirm the budget with finance',
);
const SERVICE_TASKS = words('Call back about the ticket|Check the fix with the customer|Update the runbook');
const COMMENTS: Record<number, readonly string[]> = {
  1: ['Nobody called back.', 'Still broken.'],
  2: ['Took far too long.', 'Had to explain it three times.'],
  3: ['Solved in the end.', 'OK, but slow.'],
  4: ['Friendly and competent.', 'Good, thanks.'],
  5: ['Fixed in minutes, great!', 'Excellent support.'],
};

/** Lower case, no accents, words joined by dashes: for e-mail addresses. */
const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

// --------------------------------------------------------------------------------------------- generation

export function generateDataSet(input: SeedOptions): DataSet {
  const options: Required<SeedOptions> = { publicUrl: 'http://localhost:3000', ...input };
  const until = Date.parse(`${options.today}T00:00:00Z`);
  if (Number.isNaN(until)) throw new Error(`Not a day: ${options.today}`);
  const todayDate = new Date(until);
  const from = Date.UTC(
    todayDate.getUTCFullYear(),
    todayDate.getUTCMonth() - options.months,
    todayDate.getUTCDate(),
  );
  // Open deals are expected to close between three weeks ago and the end of the quarter after this one.
  const quarterAfterEnd = Date.UTC(
    todayDate.getUTCFullYear(),
    (Math.floor(todayDate.getUTCMonth() / 3) + 2) * 3,
    0,
  );

  /** A ULID whose time part is the record's moment (so time-ordered lists stay ordered) and the rest seeded. */
  const idAt = (ms: number, key: string) =>
    encodeTime(ms, 10) + derivedId(`clientele-seed#${options.seed}#${key}`).slice(10);

  const usedEmails = new Set<string>();
  const uniqueEmail = (local: string, domain: string) => {
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`;
      if (!usedEmails.has(email)) {
        usedEmails.add(email);
        return email;
      }
    }
  };

  // The team: sales (one of them also admin), service, one admin.
  const teamRandom = new Random(options.seed, 'team');
  const salesCount = Math.min(10, Math.max(3, Math.ceil(options.accounts / 25)));
  const serviceCount = Math.min(8, Math.max(2, Math.ceil(options.accounts / 30)));
  const members: Member[] = [];
  const addMember = (roles: Member['roles']) => {
    const at = from - 400 * DAY + members.length * DAY;
    const first = teamRandom.pick(FIRST);
    const last = teamRandom.pick(LAST);
    members.push({
      id: idAt(at, `member#${members.length}`),
      name: `${first} ${last}`,
      email: uniqueEmail(`${slug(first)}.${slug(last)}`, 'team.clientele.example'),
      roles,
      active: true,
      createdAt: iso(at),
      updatedAt: iso(at),
      version: 1,
    });
  };
  addMember(['admin']);
  for (let n = 0; n < salesCount; n++) addMember(n === 0 ? ['sales', 'admin'] : ['sales']);
  for (let n = 0; n < serviceCount; n++) addMember(['service']);
  const sales = members.filter((member) => member.roles.includes('sales')).map((member) => member.id);
  const service = members.filter((member) => member.roles.includes('service')).map((member) => member.id);

  const accounts: History<Account>[] = [];
  const contacts: Contact[] = [];
  const deals: History<Deal>[] = [];
  const tickets: History<Ticket>[] = [];
  const surveys: SeededSurvey[] = [];
  const mails: Mail[] = [];
  const interactions: Interaction[] = [];
  const tasks: History<Task>[] = [];
  const usedNames = new Set<string>();

  for (let index = 0; index < options.accounts; index++) {
    const random = new Random(options.seed, `account#${index}`);
    /** Months of history this account was around for: what happens steadily scales with it. */
    const perMonth = options.months;
    const key = (kind: string, n: number) => `${kind}#${index}#${n}`;

    // ---- the account and how its lifecycle went
    const audience = random.chance(0.15) ? 'internal' : 'external';
    const stage = random.weighted<Account['lifecycleStage']>([
      ['lead', 18],
      ['prospect', 15],
      ['opportunity', 15],
      ['active', 40],
      ['churned', 12],
    ]);
    const relationship = random.chance(audience === 'internal' ? 0.6 : 0.35) ? 'client' : 'customer';
    const currency = audience === 'external' && random.chance(0.15) ? 'USD' : 'EUR';
    let name: string;
    if (audience === 'internal') {
      name = `${random.pick(DEPARTMENTS)}, ${random.pick(SITES)}`;
    } else {
      name = `${random.pick(COMPANY_A)} ${random.pick(COMPANY_B)} ${random.pick(COMPANY_FORM)}`;
    }
    for (let n = 2; usedNames.has(name); n++) name = name.replace(/( \(\d+\))?$/, ` (${n})`);
    usedNames.add(name);
    const domain = audience === 'internal' ? `${slug(name)}.internal.example` : `${slug(name)}.example`;
    const ownerId = stage === 'lead' && random.chance(0.15) ? undefined : random.pick(sales);
    // Most of the customer base is older than the history; leads and prospects are mostly new.
    const recent = stage === 'lead' || stage === 'prospect' ? 0.6 : 0.2;
    const createdAt = random.chance(recent)
      ? random.workTime(from, until - 2 * DAY)
      : random.workTime(from - 540 * DAY, from - 20 * DAY);
    const billing: Account['billing'] =
      relationship === 'client'
        ? {
            model: 'retainer',
            monthlyFee: random.pick([1500, 2500, 4000, 6000, 9000, 12000]) * 100,
            currency,
          }
        : stage === 'active' || stage === 'churned'
          ? { model: 'per_purchase', currency }
          : undefined;
    const base: Account = {
      id: idAt(createdAt, `account#${index}`),
      name,
      relationship,
      audience,
      lifecycleStage: stage,
      ...(ownerId === undefined ? {} : { ownerId }),
      ...(stage === 'lead' || stage === 'prospect' ? { leadScore: random.int(1, 20) * 5 } : {}),
      ...(billing === undefined ? {} : { billing }),
      tags: random.chance(0.4) ? [random.pick(TAGS)] : [],
      custom: {},
      createdAt: iso(createdAt),
      updatedAt: iso(createdAt),
      version: 1,
    };
    /** The account changed stage once: v1 in `first`, v2 in its stage now, at `at`. */
    const changed = (first: Account['lifecycleStage'], at: number, v1Extra: Partial<Account> = {}) => {
      const { acquiredAt: _acquired, ...rest } = base;
      const v1: Account = { ...rest, lifecycleStage: first, ...v1Extra };
      const v2: Account = {
        ...v1,
        lifecycleStage: stage,
        ...(stage === 'active' ? { acquiredAt: iso(at) } : {}),
        updatedAt: iso(at),
        version: 2,
      };
      return [v1, v2];
    };
    let history: Account[] = [base];
    /** When the account was won in the history (its first won deal closed then). */
    let wonAt: number | undefined;
    let churnedAt: number | undefined;
    const room = until - createdAt > 4 * DAY;
    if (stage === 'active') {
      if (room && random.chance(createdAt >= from ? 0.8 : 0.25)) {
        wonAt = random.workTime(Math.max(createdAt + 2 * DAY, from), until);
        history = changed('opportunity', wonAt);
      } else {
        const acquired = random.between(createdAt + HOUR, Math.min(createdAt + 60 * DAY, until - HOUR));
        history = [{ ...base, acquiredAt: iso(acquired) }];
      }
    } else if (stage === 'churned') {
      const acquired = random.between(createdAt + HOUR, Math.min(createdAt + 30 * DAY, until - 2 * DAY));
      churnedAt = random.workTime(Math.max(acquired + DAY, from - 60 * DAY), until);
      if (churnedAt <= acquired) churnedAt = acquired + HOUR;
      history = changed('active', churnedAt, { acquiredAt: iso(acquired) });
    } else if ((stage === 'prospect' || stage === 'opportunity') && room && random.chance(0.5)) {
      history = changed(stage === 'prospect' ? 'lead' : 'prospect', random.workTime(createdAt + DAY, until));
    }
    accounts.push(history);
    const account = history.at(-1) as Account;
    const accountId = account.id;

    // ---- contacts: the first one decides
    const people: Contact[] = [];
    const contactCount = random.weighted([
      [1, 45],
      [2, 35],
      [3, 20],
    ]);
    for (let n = 0; n < contactCount; n++) {
      const first = random.pick(FIRST);
      const last = random.pick(LAST);
      const at = Math.min(createdAt + random.between(0, 2 * DAY), until - MINUTE);
      const phone = random.chance(0.7)
        ? `+${random.pick(['49', '33', '31', '39', '46'])} ${random.int(100, 999)} ${random.int(1000000, 9999999)}`
        : undefined;
      people.push({
        id: idAt(at, key('contact', n)),
        accountId,
        name: `${first} ${last}`,
        email: uniqueEmail(`${slug(first)}.${slug(last)}`, domain),
        ...(phone === undefined ? {} : { phone }),
        role: random.pick(ROLES),
        decisionMaker: n === 0,
        createdAt: iso(at),
        updatedAt: iso(at),
        version: 1,
      });
    }
    contacts.push(...people);

    let interactionCount = 0;
    const interact = (fields: {
      at: number;
      category: Interaction['category'];
      direction: Interaction['direction'];
      channel: Interaction['channel'];
      subject: string;
      agentId: string | undefined;
      contactId?: string | undefined;
      ticketId?: string | undefined;
    }) => {
      const timed: Partial<Record<Interaction['channel'], [number, number]>> = {
        call: [120, 1800],
        meeting: [900, 3600],
        chat: [180, 1200],
        visit: [1800, 7200],
      };
      const range = timed[fields.channel];
      const durationSeconds = range === undefined ? undefined : random.int(range[0], range[1]);
      const logged = Math.min(
        fields.at + (durationSeconds ?? 0) * 1000 + random.between(0, 10 * MINUTE),
        until - 1,
      );
      interactions.push({
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

    // ---- deals: won ones only where the account is active (as winning makes it), lost ones anywhere, open
    // ones by how far the account is
    let dealCount = 0;
    const dealOwner = () =>
      random.chance(0.04)
        ? undefined
        : random.chance(0.8) && ownerId !== undefined
          ? ownerId
          : random.pick(sales);
    const amount = () =>
      Math.round(Math.exp(Math.log(800) + random.float() * (Math.log(60_000) - Math.log(800))) / 50) *
      50 *
      100;
    const title = () => `${random.pick(DEAL_KINDS)}: ${random.pick(PRODUCTS)}`;
    const closedDeal = (outcome: 'won' | 'lost', closedAt: number) => {
      const opened = Math.max(closedAt - random.between(5 * DAY, 75 * DAY), createdAt + HOUR);
      const openedAt = opened < closedAt - HOUR ? opened : closedAt - HOUR;
      const firstStage =
        outcome === 'won'
          ? random.weighted<Stage>([
              ['negotiation', 4],
              ['proposal', 3],
              ['presentation', 2],
              ['qualification', 1],
            ])
          : random.pick(OPEN_STAGES);
      const owner = dealOwner();
      const v1: Deal = {
        id: idAt(openedAt, key('deal', dealCount++)),
        accountId,
        title: title(),
        amount: amount(),
        currency,
        stage: firstStage,
        expectedCloseDate: isoDay(closedAt + random.between(-20 * DAY, 20 * DAY)),
        ...(owner === undefined ? {} : { ownerId: owner }),
        createdAt: iso(openedAt),
        updatedAt: iso(openedAt),
        version: 1,
      };
      const versions: Deal[] = [v1];
      // Some went through another stage first (never into proposal: that sets off follow-up tasks).
      const later = OPEN_STAGES.slice(
        OPEN_STAGES.indexOf(firstStage as (typeof OPEN_STAGES)[number]) + 1,
      ).filter((next) => next !== 'proposal');
      if (later.length > 0 && random.chance(0.2)) {
        const at = random.between(openedAt + 1, closedAt);
        versions.push({ ...v1, stage: random.pick(later), updatedAt: iso(at), version: 2 });
      }
      const last = versions.at(-1) as Deal;
      versions.push({
        ...last,
        stage: outcome,
        closedAt: iso(closedAt),
        updatedAt: iso(closedAt),
        version: last.version + 1,
      });
      deals.push(versions);
    };
    if (stage === 'active') {
      const firstWin = wonAt ?? Math.max(from, Date.parse(account.acquiredAt ?? account.createdAt));
      if (wonAt !== undefined) closedDeal('won', wonAt);
      for (let n = random.count(0.3 * perMonth); n > 0; n--)
        closedDeal('won', random.workTime(Math.max(firstWin + HOUR, from), until));
    }
    const lost = random.count(0.15 * perMonth);
    for (let n = 0; n < lost && createdAt + 2 * HOUR < until; n++) {
      closedDeal(
        'lost',
        random.workTime(Math.max(createdAt + 2 * HOUR, from), Math.min(churnedAt ?? until, until)),
      );
    }
    const openDeals =
      stage === 'opportunity'
        ? random.int(1, 2)
        : stage === 'prospect' || stage === 'lead' || stage === 'active'
          ? random.chance(stage === 'prospect' ? 0.6 : stage === 'lead' ? 0.3 : 0.35)
            ? 1
            : 0
          : 0;
    for (let n = 0; n < openDeals; n++) {
      const openedAt = random.workTime(Math.max(createdAt + HOUR, from - 45 * DAY), until);
      const finalStage =
        stage === 'lead'
          ? 'prospecting'
          : stage === 'prospect'
            ? random.pick(['prospecting', 'qualification'] as const)
            : random.pick(OPEN_STAGES);
      const owner = dealOwner();
      const v1: Deal = {
        id: idAt(openedAt, key('deal', dealCount++)),
        accountId,
        title: title(),
        amount: amount(),
        currency,
        stage: finalStage,
        ...(random.chance(0.92)
          ? { expectedCloseDate: isoDay(random.between(until - 21 * DAY, quarterAfterEnd + DAY)) }
          : {}),
        ...(owner === undefined ? {} : { ownerId: owner }),
        createdAt: iso(openedAt),
        updatedAt: iso(openedAt),
        version: 1,
      };
      const earlier = OPEN_STAGES.slice(0, OPEN_STAGES.indexOf(finalStage));
      if (finalStage !== 'proposal' && earlier.length > 0 && random.chance(0.3) && until - openedAt > HOUR) {
        const at = random.between(openedAt + 1, until);
        deals.push([
          { ...v1, stage: random.pick(earlier) },
          { ...v1, updatedAt: iso(at), version: 2 },
        ]);
      } else deals.push([v1]);
    }

    // ---- tickets, with every move, the service interactions on them and a survey per resolution
    // Customers open tickets while they are customers; prospects now and then.
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
      let segmentStart = openedAt;
      for (const to of path) {
        const current = versions.at(-1) as Ticket;
        const [shortest, longest] =
          current.status === 'resolved' && to === 'open' ? [DAY, 7 * DAY] : wait[to];
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
          const surveyId = derivedId(`survey#${v1.id}#${resolvedAt}`);
          const sentAt = Math.min(at + random.between(MINUTE, 5 * MINUTE), until - 1);
          const token = createHash('sha256')
            .update(`clientele-seed#${options.seed}#survey-token#${surveyId}`)
            .digest('base64url');
          const sent: Survey = {
            id: surveyId,
            ticketId: v1.id,
            accountId,
            contactId: contact.id,
            product,
            problem: v1.problem,
            resolvedAt,
            status: 'sent',
            createdAt: iso(sentAt),
            updatedAt: iso(sentAt),
            version: 1,
          };
          const answeredAt = sentAt + random.between(20 * MINUTE, 4 * DAY);
          if (random.chance(0.6) && answeredAt < until) {
            const score = random.weighted([
              [5, 40],
              [4, 30],
              [3, 14],
              [2, 8],
              [1, 8],
            ]);
            const comment = random.chance(0.3) ? random.pick(COMMENTS[score] ?? []) : undefined;
            surveys.push({
              token,
              versions: [
                sent,
                {
                  ...sent,
                  status: 'answered',
                  score,
                  ...(comment === undefined ? {} : { comment }),
                  answeredAt: iso(answeredAt),
                  updatedAt: iso(answeredAt),
                  version: 2,
                },
              ],
            });
          } else surveys.push({ token, versions: [sent] });
          mails.push({
            id: surveyId,
            to: contact.email ?? '',
            subject: 'How did we do?',
            text: [
              `Hello ${contact.name},`,
              '',
              `We have resolved your request about ${product}:`,
              `  “${v1.problem}”`,
              '',
              'How satisfied are you with how we handled it? One question, one click:',
              `${options.publicUrl.replace(/\/+$/, '')}/surveys/${token}`,
              '',
              'Thank you.',
            ].join('\n'),
            status: 'sent',
            about: { accountId, contactId: contact.id, ticketId: v1.id },
            createdAt: iso(sentAt),
            sentAt: iso(Math.min(sentAt + 2000, until - 1)),
            version: 2,
          });
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
      tickets.push(versions);
      accountTickets.push(v1);
    }

    // ---- other interactions: check-in calls by service, and the sales conversations
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

    // ---- tasks: open ones (some overdue), and some done or cancelled
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
  }

  return {
    options,
    from: iso(from),
    until: iso(until),
    members,
    accounts,
    contacts,
    deals,
    tickets,
    surveys,
    mails,
    interactions,
    tasks,
  };
}
