// Reports end to end on seeded data: `npm run seed` fills a fresh runtime through the table's stream, `npm run
// report` makes the month, a week and a busy day, and every figure of each (GET /reports/<id>) agrees with a
// recomputation from the raw records read back from the table — the account lifecycle history, which no record
// keeps, from the seed's own generator. A day without data has null rates; the same period made twice is one
// report, announced once; its CSV and HTML are served and stored.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../functions/accounts/account.ts';
import type { Contact } from '../../functions/accounts/contact.ts';
import type { Interaction } from '../../functions/accounts/interaction.ts';
import type { Charge, Invoice, Order } from '../../functions/orders/order.ts';
import type { Figure, Report } from '../../functions/reporting/report.ts';
import type { Deal } from '../../functions/sales/deal.ts';
import { DEFAULT_LOST_REASONS } from '../../functions/sales/lost-reason.ts';
import type { Quota } from '../../functions/sales/quota.ts';
import type { Survey } from '../../functions/service/survey.ts';
import type { Ticket } from '../../functions/service/ticket.ts';
import type { Member } from '../../functions/team/member.ts';
import type { Task } from '../../functions/work/task.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { type DataSet, generateDataSet } from '../../local/seed-data.ts';

const root = join(import.meta.dirname, '..', '..');
// DynamoDB Local keeps its database in DATA_DIR: in memory-backed /dev/shm, where there is one, it writes
// two to three times faster than on disk.
const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'clientele-reports-e2e-'));
// REPORTS_E2E_ACCOUNTS runs the same checks on a bigger data set (slower: ~35 writes per account).
const SEED = {
  accounts: Number(process.env.REPORTS_E2E_ACCOUNTS || 30),
  seed: 9,
  months: 3,
  today: '2026-11-16',
} as const;
/** Booting DynamoDB Local and writing ~35 items per account take a while on a busy machine. */
const SETUP_MS = Math.max(120_000, SEED.accounts * 2_000);
/** October 2026: inside the seeded history, and so is September before it. */
const MONTH = '2026-10-01';
/** Long before anything in the data set. */
const EMPTY_DAY = '2001-03-14';
const OPEN_STAGES = ['prospecting', 'qualification', 'presentation', 'proposal', 'negotiation'] as const;
const LIFECYCLE = ['lead', 'prospect', 'opportunity', 'active', 'churned'] as const;

let runtime: Runtime;
const logged: string[] = [];
let seeded: Result;
let data: DataSet;
let raw: Raw;

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A project command (`node --import tsx local/<script>`) against the runtime's DATA_DIR and DynamoDB Local. */
function command(script: string, args: readonly string[]): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DYNAMODB_PORT: new URL(runtime.dynamodbEndpoint).port,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as unknown;

async function report(period: 'day' | 'week' | 'month', date: string) {
  const result = await command('local/report.ts', ['--period', period, '--date', date]);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.code).toBe(0);
  return lastLine(result.stdout) as { id: string; written: boolean; read: number };
}

async function get(path: string) {
  const response = await fetch(`${runtime.url}${path}`, {
    headers: { authorization: `Bearer ${runtime.devToken}` },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

interface StoredReport {
  readonly id: string;
  readonly version: number;
  readonly report: Report;
}

async function stored(id: string): Promise<StoredReport> {
  const answer = await get(`/reports/${id}`);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text) as StoredReport;
}

// ------------------------------------------------------------------------------------------ the raw records

interface Raw {
  readonly members: Member[];
  readonly accounts: Account[];
  readonly contacts: Contact[];
  readonly deals: Deal[];
  readonly tickets: Ticket[];
  readonly surveys: (Survey & { token: string })[];
  readonly interactions: Interaction[];
  readonly tasks: Task[];
  readonly quotas: Quota[];
  readonly orders: Order[];
  readonly invoices: Invoice[];
  readonly charges: Charge[];
  readonly all: Record<string, unknown>[];
}

/**
 * A record without its storage attributes (keys, index keys, type tag) and who wrote it (the seed, checked on
 * its own below), as the generator made it.
 */
function record<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name === 'pk' || name === 'sk' || name === 'type' || /^gsi\d(pk|sk)$/.test(name)) continue;
    if (name === 'createdBy' || name === 'updatedBy') continue;
    copy[name] = value;
  }
  return copy as T;
}

/** Every item of the runtime's table (a Scan: this is the test, not a request path). */
async function readTable(): Promise<Raw> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const all: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await client.send(
      new ScanCommand({ TableName: 'clientele', ExclusiveStartKey: start, ConsistentRead: true }),
    );
    all.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  client.destroy();
  const of = <T>(type: string) => all.filter((item) => item.type === type).map((item) => record<T>(item));
  return {
    members: of<Member>('Member'),
    accounts: of<Account>('Account'),
    contacts: of<Contact>('Contact'),
    deals: of<Deal>('Deal'),
    tickets: of<Ticket>('Ticket'),
    surveys: all
      .filter((item) => item.type === 'Survey')
      .map((item) => ({ ...record<Survey>(item), token: String(item.pk).slice('SURVEY#'.length) })),
    interactions: of<Interaction>('Interaction'),
    tasks: of<Task>('Task'),
    quotas: of<Quota>('Quota'),
    orders: of<Order>('Order'),
    invoices: of<Invoice>('Invoice'),
    charges: of<Charge>('Charge'),
    all,
  };
}

// ------------------------------------------------------------------------- the report, recomputed by hand

const DAY_MS = 24 * 3600_000;
const dayOf = (iso: string) => iso.slice(0, 10);
const plusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const percent = (part: number, whole: number) => (whole === 0 ? null : round((part / whole) * 100, 1));
const figure = (value: number | null, previous: number | null): Figure => ({
  value,
  previous,
  change: value === null || previous === null ? null : round(value - previous, 2),
});

function bounds(period: 'day' | 'week' | 'month', day: string) {
  const date = new Date(`${day}T00:00:00Z`);
  if (period === 'day') return { start: day, end: plusDays(day, 1), previousStart: plusDays(day, -1) };
  if (period === 'week') {
    const monday = plusDays(day, date.getUTCDay() === 0 ? -6 : 1 - date.getUTCDay());
    return { start: monday, end: plusDays(monday, 7), previousStart: plusDays(monday, -7) };
  }
  const first = (months: number) =>
    new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
  return { start: first(0), end: first(1), previousStart: first(-1) };
}

/** The calendar quarter after the one that holds `lastDay`. */
function quarterAfter(lastDay: string) {
  const year = Number(lastDay.slice(0, 4));
  const quarter = Math.floor((Number(lastDay.slice(5, 7)) - 1) / 3) + 1;
  const [nextYear, next] = quarter === 4 ? [year + 1, 1] : [year, quarter + 1];
  const firstMonth = (next - 1) * 3 + 1;
  const lastDate = new Date(Date.UTC(nextYear, firstMonth - 1 + 3, 0)).toISOString().slice(0, 10);
  return {
    quarter: `${nextYear}-Q${next}`,
    from: `${nextYear}-${String(firstMonth).padStart(2, '0')}-01`,
    to: lastDate,
  };
}

/** What happened, one entry per counted thing, with its UTC day — straight from the records. */
function happenings(records: Raw, plan: DataSet) {
  // null: the deals without an owner, listed after the members'.
  const owner = (deal: Deal): string | null => deal.ownerId ?? null;
  const outboundOn = (ticketId: string) =>
    records.interactions.filter(
      (interaction) =>
        interaction.ticketId === ticketId &&
        interaction.category === 'service' &&
        interaction.direction === 'outbound',
    );
  return {
    dealsOpened: records.deals.map((deal) => ({ day: dayOf(deal.createdAt), owner: owner(deal) })),
    dealsClosed: records.deals
      .filter((deal) => deal.stage === 'won' || deal.stage === 'lost')
      .map((deal) => ({
        day: dayOf(deal.closedAt ?? ''),
        owner: owner(deal),
        won: deal.stage === 'won',
        amount: deal.amount,
        currency: deal.currency,
        lostReason: deal.lostReason,
        engagementType: deal.engagementType ?? 'standard',
        audience: deal.audience ?? 'external',
      })),
    ticketsOpened: records.tickets.map((ticket) => ({ day: dayOf(ticket.createdAt) })),
    // Each resolution earned a survey stamped with it: they are the resolutions (checked against the tickets).
    resolutions: records.surveys.map((survey) => ({
      day: dayOf(survey.resolvedAt),
      firstContact:
        outboundOn(survey.ticketId).filter((interaction) => interaction.occurredAt <= survey.resolvedAt)
          .length <= 1,
    })),
    serviceInteractions: records.interactions
      .filter((interaction) => interaction.category === 'service')
      .map((interaction) => ({ day: dayOf(interaction.occurredAt), seconds: interaction.durationSeconds })),
    answers: records.surveys
      .filter((survey) => survey.status === 'answered')
      .map((survey) => ({ day: dayOf(survey.updatedAt), score: survey.score ?? 0 })),
    accountsCreated: records.accounts.map((account) => ({
      day: dayOf(account.createdAt),
      key: `${account.relationship}.${account.audience}`,
    })),
    // Every bill on the day it was issued: invoices to external accounts, charges to internal ones.
    bills: [
      ...records.invoices.map((bill) => ({ kind: 'invoices' as const, bill })),
      ...records.charges.map((bill) => ({ kind: 'charges' as const, bill })),
    ].map(({ kind, bill }) => ({
      day: dayOf(bill.issuedAt),
      kind,
      total: bill.total,
      currency: bill.currency,
      engagementType: bill.engagementType ?? 'tailored',
    })),
    // No record keeps the stages an account went through: the generator's history does.
    stagesEntered: plan.accounts.flatMap((versions) =>
      versions.map((account, index) => ({
        day: dayOf(index === 0 ? account.createdAt : account.updatedAt),
        stage: account.lifecycleStage,
      })),
    ),
  };
}

type Happenings = ReturnType<typeof happenings>;

function expectedReport(
  period: 'day' | 'week' | 'month',
  day: string,
  records: Raw,
  what: Happenings,
  /** The previous period's stored report, when one was made: its states are this one's statesBefore. */
  previous?: Report,
): Report {
  const { start, end, previousStart } = bounds(period, day);
  const inNow = (entry: { day: string }) => entry.day >= start && entry.day < end;
  const inBefore = (entry: { day: string }) => entry.day >= previousStart && entry.day < start;
  const both = <T extends { day: string }, R>(entries: readonly T[], compute: (entries: T[]) => R) =>
    [compute(entries.filter(inNow)), compute(entries.filter(inBefore))] as const;
  const count = <T extends { day: string }>(
    entries: readonly T[],
    keep: (entry: T) => boolean = () => true,
  ) => figure(...both(entries, (list) => list.filter(keep).length));
  const closedIn = (list: Happenings['dealsClosed']) =>
    percent(list.filter((deal) => deal.won).length, list.length);
  const revenue = (list: Happenings['dealsClosed']) => {
    const currencies = [
      ...new Set(
        list.filter((deal) => deal.won && (inNow(deal) || inBefore(deal))).map((deal) => deal.currency),
      ),
    ];
    const sum = (entries: Happenings['dealsClosed'], currency: string) =>
      entries
        .filter((deal) => deal.won && deal.currency === currency)
        .reduce((total, deal) => total + deal.amount, 0);
    return Object.fromEntries(
      currencies.map((currency) => [
        currency,
        figure(sum(list.filter(inNow), currency), sum(list.filter(inBefore), currency)),
      ]),
    );
  };
  const relevant = <T extends { day: string }>(entries: readonly T[]) =>
    entries.filter((entry) => inNow(entry) || inBefore(entry));
  const owners = [
    ...new Set([...relevant(what.dealsOpened), ...relevant(what.dealsClosed)].map((entry) => entry.owner)),
  ].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const quarter = quarterAfter(plusDays(end, -1));
  const open = records.deals.filter(
    (deal) =>
      (OPEN_STAGES as readonly string[]).includes(deal.stage) &&
      deal.expectedCloseDate !== undefined &&
      deal.expectedCloseDate >= quarter.from &&
      deal.expectedCloseDate <= quarter.to,
  );
  const workload = new Map<string, { openTasks: number; openTickets: number }>();
  const load = (id: string | undefined, field: 'openTasks' | 'openTickets') => {
    if (id === undefined) return;
    const entry = workload.get(id) ?? { openTasks: 0, openTickets: 0 };
    entry[field]++;
    workload.set(id, entry);
  };
  for (const task of records.tasks) if (task.status === 'open') load(task.assigneeId, 'openTasks');
  for (const ticket of records.tickets) {
    if (['new', 'open', 'pending'].includes(ticket.status)) load(ticket.assigneeId, 'openTickets');
  }
  const satisfied = (list: Happenings['answers']) =>
    percent(list.filter((answer) => answer.score >= 4).length, list.length);
  const createdKeys = [...new Set(relevant(what.accountsCreated).map((entry) => entry.key))];
  const names = new Map(records.members.map((member) => [member.id, member.name]));
  const named = (id: string | null) => {
    const name = id === null ? undefined : names.get(id);
    return name === undefined ? {} : { ownerName: name };
  };
  // Quota attainment: each owner's revenue in a currency against their quota for the period (and before).
  const quotaOf = (ownerId: string, periodStart: string, currency: string) =>
    records.quotas.find(
      (quota) => quota.ownerId === ownerId && quota.period === period && quota.start === periodStart,
    )?.targets[currency] ?? null;
  const wonBy = (ownerId: string, currency: string, inPeriod: (entry: { day: string }) => boolean) =>
    what.dealsClosed
      .filter((deal) => deal.won && deal.owner === ownerId && deal.currency === currency && inPeriod(deal))
      .reduce((sum, deal) => sum + deal.amount, 0);
  const rate = (won: number, target: number | null) => (target === null ? null : percent(won, target));
  const quotaPairs = [
    ...new Map(
      records.quotas
        .filter((quota) => quota.period === period && [start, previousStart].includes(quota.start))
        .flatMap((quota) =>
          Object.keys(quota.targets).map(
            (currency) => [`${quota.ownerId}|${currency}`, { ownerId: quota.ownerId, currency }] as const,
          ),
        ),
    ).values(),
  ].sort((a, b) =>
    a.ownerId < b.ownerId ? -1 : a.ownerId > b.ownerId ? 1 : a.currency < b.currency ? -1 : 1,
  );
  const quotaRows = quotaPairs.map(({ ownerId, currency }) => {
    const target = quotaOf(ownerId, start, currency);
    const previousTarget = quotaOf(ownerId, previousStart, currency);
    const won = wonBy(ownerId, currency, inNow);
    const wonBefore = wonBy(ownerId, currency, inBefore);
    return { ownerId, currency, target, previousTarget, won, wonBefore };
  });
  const teamCurrencies = [...new Set(quotaRows.map((row) => row.currency))].sort();
  const billed = (list: Happenings['bills']) => {
    const currencies = [...new Set(relevant(list).map((bill) => bill.currency))].sort();
    const sum = (entries: Happenings['bills'], currency: string) =>
      entries.filter((bill) => bill.currency === currency).reduce((total, bill) => total + bill.total, 0);
    return Object.fromEntries(
      currencies.map((currency) => [
        currency,
        figure(sum(list.filter(inNow), currency), sum(list.filter(inBefore), currency)),
      ]),
    );
  };
  const bills = (kind: 'invoices' | 'charges') => {
    const ofKind = what.bills.filter((bill) => bill.kind === kind);
    return {
      issued: count(ofKind),
      amount: billed(ofKind),
      byEngagement: (['standard', 'tailored'] as const).map((engagementType) => {
        const ofType = ofKind.filter((bill) => bill.engagementType === engagementType);
        return { engagementType, issued: count(ofType), amount: billed(ofType) };
      }),
    };
  };
  const reasonCounts = (list: Happenings['dealsClosed'], code: string | undefined) =>
    list.filter((deal) => !deal.won && deal.lostReason === code).length;
  return {
    id: `${period}-${start}`,
    period,
    start,
    end,
    previousStart,
    generatedAt: '(ignored)',
    sales: {
      dealsOpened: count(what.dealsOpened),
      dealsWon: count(what.dealsClosed, (deal) => deal.won),
      dealsLost: count(what.dealsClosed, (deal) => !deal.won),
      conversionRate: figure(...both(what.dealsClosed, closedIn)),
      salesVolume: count(what.dealsClosed, (deal) => deal.won),
      revenue: revenue(what.dealsClosed),
      byOwner: owners.map((ownerId) => {
        const opened = what.dealsOpened.filter((deal) => deal.owner === ownerId);
        const closed = what.dealsClosed.filter((deal) => deal.owner === ownerId);
        return {
          ownerId,
          ...named(ownerId),
          opened: count(opened),
          won: count(closed, (deal) => deal.won),
          lost: count(closed, (deal) => !deal.won),
          conversionRate: figure(...both(closed, closedIn)),
          revenue: revenue(closed),
        };
      }),
      quotaAttainment: {
        byOwner: quotaRows.map((row) => ({
          ownerId: row.ownerId,
          ...named(row.ownerId),
          currency: row.currency,
          target: row.target,
          previousTarget: row.previousTarget,
          won: figure(row.won, row.wonBefore),
          attainment: figure(rate(row.won, row.target), rate(row.wonBefore, row.previousTarget)),
        })),
        team: teamCurrencies.map((currency) => {
          const rows = quotaRows.filter((row) => row.currency === currency);
          const withTarget = rows.filter((row) => row.target !== null);
          const withPrevious = rows.filter((row) => row.previousTarget !== null);
          const sum = (list: typeof rows, pick: (row: (typeof rows)[number]) => number) =>
            list.reduce((total, row) => total + pick(row), 0);
          const target = withTarget.length === 0 ? null : sum(withTarget, (row) => row.target ?? 0);
          const previousTarget =
            withPrevious.length === 0 ? null : sum(withPrevious, (row) => row.previousTarget ?? 0);
          const won = sum(withTarget, (row) => row.won);
          const wonBefore = sum(withPrevious, (row) => row.wonBefore);
          return {
            ownerId: null,
            currency,
            target,
            previousTarget,
            won: figure(won, wonBefore),
            attainment: figure(rate(won, target), rate(wonBefore, previousTarget)),
          };
        }),
      },
      byEngagement: (['standard', 'tailored'] as const).map((engagementType) => {
        const ofType = what.dealsClosed.filter((deal) => deal.engagementType === engagementType);
        return {
          engagementType,
          won: count(ofType, (deal) => deal.won),
          revenue: revenue(ofType),
        };
      }),
      byAudience: (['external', 'internal'] as const).map((audience) => {
        const ofBuyer = what.dealsClosed.filter((deal) => deal.audience === audience);
        return { audience, won: count(ofBuyer, (deal) => deal.won), revenue: revenue(ofBuyer) };
      }),
      lostReasons: DEFAULT_LOST_REASONS.reasons.map((reason) => ({
        reason: reason.code,
        label: reason.label,
        deals: figure(...both(what.dealsClosed, (list) => reasonCounts(list, reason.code))),
      })),
      pipelineNextQuarter: {
        ...quarter,
        byStage: OPEN_STAGES.map((stage) => {
          const deals = open.filter((deal) => deal.stage === stage);
          const amount: Record<string, number> = {};
          for (const deal of deals) amount[deal.currency] = (amount[deal.currency] ?? 0) + deal.amount;
          return { stage, deals: deals.length, amount };
        }),
      },
    },
    billing: { invoices: bills('invoices'), charges: bills('charges') },
    service: {
      ticketsOpened: count(what.ticketsOpened),
      ticketsResolved: count(what.resolutions),
      resolutionRate: figure(
        percent(what.resolutions.filter(inNow).length, what.ticketsOpened.filter(inNow).length),
        percent(what.resolutions.filter(inBefore).length, what.ticketsOpened.filter(inBefore).length),
      ),
      firstContactResolution: figure(
        ...both(what.resolutions, (list) =>
          percent(list.filter((resolution) => resolution.firstContact).length, list.length),
        ),
      ),
      serviceInteractions: count(what.serviceInteractions),
      averageHandlingSeconds: figure(
        ...both(what.serviceInteractions, (list) => {
          const timed = list.filter((interaction) => interaction.seconds !== undefined);
          const total = timed.reduce((sum, interaction) => sum + (interaction.seconds ?? 0), 0);
          return timed.length === 0 ? null : round(total / timed.length, 1);
        }),
      ),
      csat: {
        answers: count(what.answers),
        satisfiedPercent: figure(...both(what.answers, satisfied)),
        meanScore: figure(
          ...both(what.answers, (list) =>
            list.length === 0
              ? null
              : round(list.reduce((sum, answer) => sum + answer.score, 0) / list.length, 2),
          ),
        ),
        byScore: {
          '1': count(what.answers, (answer) => answer.score === 1),
          '2': count(what.answers, (answer) => answer.score === 2),
          '3': count(what.answers, (answer) => answer.score === 3),
          '4': count(what.answers, (answer) => answer.score === 4),
          '5': count(what.answers, (answer) => answer.score === 5),
        },
        trend: Array.from({ length: (Date.parse(end) - Date.parse(start)) / DAY_MS }, (_, index) =>
          plusDays(start, index),
        ).map((date) => {
          const answers = what.answers.filter((answer) => answer.day === date);
          return { day: date, answers: answers.length, satisfiedPercent: satisfied(answers) };
        }),
      },
    },
    workload: [...workload]
      .map(([assigneeId, counts]) => ({
        assigneeId,
        ...(names.has(assigneeId) ? { assigneeName: names.get(assigneeId) } : {}),
        ...counts,
      }))
      .sort(
        (a, b) =>
          b.openTasks + b.openTickets - (a.openTasks + a.openTickets) ||
          (a.assigneeId < b.assigneeId ? -1 : 1),
      ),
    accounts: {
      created: count(what.accountsCreated),
      createdBy: Object.fromEntries(
        createdKeys.map((key) => [key, count(what.accountsCreated, (entry) => entry.key === key)]),
      ),
      counts: ['client', 'customer'].flatMap((relationship) =>
        ['external', 'internal'].map((audience) => ({
          relationship,
          audience,
          count: records.accounts.filter(
            (account) => account.relationship === relationship && account.audience === audience,
          ).length,
        })),
      ),
      funnel: LIFECYCLE.map((stage) => ({
        stage,
        accounts: records.accounts.filter((account) => account.lifecycleStage === stage).length,
        entered: count(what.stagesEntered, (entry) => entry.stage === stage),
      })),
    },
    statesBefore:
      previous === undefined
        ? null
        : {
            generatedAt: previous.generatedAt,
            pipeline: previous.sales.pipelineNextQuarter.byStage,
            workload: previous.workload,
            counts: previous.accounts.counts,
            funnel: previous.accounts.funnel.map(({ stage, accounts }) => ({ stage, accounts })),
          },
  };
}

/** Every section of the report against the recomputation; soft, so one run names every disagreement. */
function expectFigures(actual: Report, expected: Report) {
  const label = actual.id;
  const { byOwner, pipelineNextQuarter, quotaAttainment, lostReasons, ...sales } = actual.sales;
  const {
    byOwner: expectedOwners,
    pipelineNextQuarter: expectedPipeline,
    quotaAttainment: expectedQuotas,
    lostReasons: expectedLost,
    ...expectedSales
  } = expected.sales;
  const { csat, ...service } = actual.service;
  const { csat: expectedCsat, ...expectedService } = expected.service;
  const header = ({ id, period, start, end, previousStart }: Report) => ({
    id,
    period,
    start,
    end,
    previousStart,
  });
  expect.soft(header(actual), `${label}: period`).toEqual(header(expected));
  expect.soft(sales, `${label}: sales`).toEqual(expectedSales);
  expect.soft(byOwner, `${label}: sales by owner`).toEqual(expectedOwners);
  expect.soft(pipelineNextQuarter, `${label}: pipeline next quarter`).toEqual(expectedPipeline);
  expect.soft(quotaAttainment, `${label}: quota attainment`).toEqual(expectedQuotas);
  expect.soft(lostReasons, `${label}: lost reasons`).toEqual(expectedLost);
  expect.soft(actual.billing, `${label}: billing`).toEqual(expected.billing);
  expect.soft(service, `${label}: service`).toEqual(expectedService);
  expect.soft(csat, `${label}: CSAT`).toEqual(expectedCsat);
  expect.soft(actual.workload, `${label}: workload`).toEqual(expected.workload);
  expect.soft(actual.accounts, `${label}: accounts`).toEqual(expected.accounts);
  expect.soft(actual.statesBefore, `${label}: states at the previous report`).toEqual(expected.statesBefore);
}

interface ArchivedEvent {
  readonly 'detail-type': string;
  readonly detail: { readonly id: string };
}

const archived = () =>
  readFileSync(join(dataDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ArchivedEvent);

// ------------------------------------------------------------------------------------------------ the tests

beforeAll(async () => {
  // No scheduled run may write while the figures are compared.
  process.env.CRON = 'off';
  runtime = await startRuntime({ port: 0, dynamodbPort: 0, dataDir, log: (line) => logged.push(line) });
  seeded = await command('local/seed.ts', [
    '--accounts',
    String(SEED.accounts),
    '--seed',
    String(SEED.seed),
    '--months',
    String(SEED.months),
    '--today',
    SEED.today,
  ]);
  if (seeded.code !== 0) throw new Error(`npm run seed failed (${seeded.code}):\n${seeded.stderr}`);
  await runtime.settle();
  raw = await readTable();
  data = generateDataSet(SEED);
}, SETUP_MS);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run seed', () => {
  it('writes the data set it generates, the same for the same seed, and says what it wrote', () => {
    expect(generateDataSet(SEED)).toEqual(data);
    expect(generateDataSet({ ...SEED, seed: SEED.seed + 1 }).accounts[0]?.[0]?.id).not.toBe(
      data.accounts[0]?.[0]?.id,
    );
    const byId = <T extends { id: string }>(list: readonly T[]) =>
      [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    const last = <T>(versions: readonly T[]) => versions.at(-1) as T;
    // Written by the seed, and said so (contacts: nothing changes them after; accounts are touched by the
    // automations the seeded interactions set off).
    const bySeed = raw.all.filter((item) => item.type === 'Contact');
    expect(bySeed.length).toBeGreaterThan(0);
    for (const item of bySeed)
      expect(item).toMatchObject({ createdBy: 'system:seed', updatedBy: 'system:seed' });
    // Besides the dev admin `npm start` makes.
    expect(byId(raw.members.filter((member) => member.userId !== 'dev-admin'))).toEqual(byId(data.members));
    expect(byId(raw.contacts)).toEqual(byId(data.contacts));
    expect(byId(raw.deals)).toEqual(byId(data.deals.map(last)));
    expect(byId(raw.tickets)).toEqual(byId(data.tickets.map(last)));
    expect(byId(raw.tasks)).toEqual(byId(data.tasks.map(last)));
    expect(byId(raw.interactions)).toEqual(byId(data.interactions));
    expect(byId(raw.orders)).toEqual(byId(data.orders.map(last)));
    // The bill automation found each fulfilled order billed already: no second bill, no other number.
    expect(byId(raw.invoices)).toEqual(byId(data.invoices));
    expect(byId(raw.charges)).toEqual(byId(data.charges));
    expect(data.invoices.length).toBeGreaterThan(0);
    expect(data.charges.length).toBeGreaterThan(0);
    const accountOf = new Map(raw.accounts.map((account) => [account.id, account]));
    for (const invoice of raw.invoices) expect(accountOf.get(invoice.accountId)?.audience).toBe('external');
    for (const charge of raw.charges) {
      const account = accountOf.get(charge.accountId);
      expect(account?.audience).toBe('internal');
      expect(charge.costCentre).toBe(account?.billing?.costCentre);
      expect(charge.number).toMatch(/^CHG-\d{4}-\d{6}$/);
    }
    expect(byId(raw.surveys)).toEqual(
      byId(data.surveys.map((survey) => ({ ...last(survey.versions), token: survey.token }))),
    );
    // The account automation moved lastContactAt (and with it updatedAt and version) forward; the rest is as seeded.
    const settled = ({ lastContactAt: _l, updatedAt: _u, version: _v, ...account }: Account) => account;
    expect(byId(raw.accounts).map(settled)).toEqual(byId(data.accounts.map(last)).map(settled));
    // A relationship or audience never changed: today's record tells what an account was created as.
    for (const versions of data.accounts) {
      expect(new Set(versions.map((account) => `${account.relationship}.${account.audience}`)).size).toBe(1);
    }

    // Only the seeded stage changes were announced: no automation moved an account's stage (which would
    // count it on the day the automation ran, not when it happened).
    const stageMoves = archived().filter((event) => {
      const detail = event.detail as {
        data?: { lifecycleStage?: string };
        previous?: { lifecycleStage?: string };
      };
      return (
        event['detail-type'] === 'AccountUpdated' &&
        detail.data?.lifecycleStage !== detail.previous?.lifecycleStage
      );
    });
    expect(stageMoves).toHaveLength(data.accounts.filter((versions) => versions.length > 1).length);

    // One survey per resolution, stamped with it; the last one is the ticket's current resolution.
    for (const ticket of raw.tickets) {
      const resolutions = raw.surveys
        .filter((survey) => survey.ticketId === ticket.id)
        .map((s) => s.resolvedAt);
      expect(resolutions.length, ticket.id).toBe(ticket.resolutions ?? 0);
      if (ticket.resolvedAt !== undefined) expect(resolutions.sort().at(-1)).toBe(ticket.resolvedAt);
    }
    // The survey automation found each resolution's e-mail already sent: no second survey, no mail file.
    expect(raw.all.filter((item) => item.type === 'Survey')).toHaveLength(data.surveys.length);
    const mailDir = join(dataDir, 'mail');
    expect(existsSync(mailDir) ? readdirSync(mailDir) : []).toEqual([]);
    expect(existsSync(join(dataDir, 'dead-letters.jsonl'))).toBe(false);

    const summary = lastLine(seeded.stdout) as {
      accounts: { total: number };
      deals: { total: number };
      tickets: { total: number; resolutions: number };
      surveys: { sent: number; answered: number };
      interactions: { total: number };
      writes: number;
      countedEvents: number;
    };
    expect(summary.accounts.total).toBe(SEED.accounts);
    expect(summary.deals.total).toBe(raw.deals.length);
    expect(summary.tickets).toMatchObject({ total: raw.tickets.length, resolutions: raw.surveys.length });
    expect(summary.surveys.answered).toBe(
      raw.surveys.filter((survey) => survey.status === 'answered').length,
    );
    expect(summary.interactions.total).toBe(raw.interactions.length);
    expect(summary.writes / SEED.accounts).toBeLessThanOrEqual(40);
    // Progress went to stderr, as lines (stderr is not a terminal here).
    expect(seeded.stderr).toMatch(/writing +\[#+\] \d+\/\d+ 100%/);
    expect(seeded.stderr).toMatch(/counting +\[#+\] \d+\/\d+ 100%/);
  });

  it('refuses a second data set in the same CRM, and explains its options', async () => {
    const [again, help, bad] = await Promise.all([
      command('local/seed.ts', ['--accounts', '3']),
      command('local/seed.ts', ['--help']),
      command('local/seed.ts', ['--accounts', 'many']),
    ]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(
      `This CRM already holds a seeded data set (seed ${SEED.seed}, ${SEED.accounts} accounts, as of 2026-11-16`,
    );
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run seed -- --accounts <n>');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('--accounts must be a whole number from 1 to 5000, not "many".');
  });
});

describe('npm run report on the seeded data', () => {
  it('two months: every figure agrees with the raw records, the previous month, the changes and the states the previous report recorded', async () => {
    const what = happenings(raw, data);
    // September first: October's state figures compare with what September's report recorded.
    const september = await report('month', '2026-09-15');
    expect(september).toMatchObject({ id: 'month-2026-09-01', written: true });
    const { report: before } = await stored(september.id);
    expectFigures(before, expectedReport('month', '2026-09-15', raw, what));
    expect(before.statesBefore).toBeNull();

    const made = await report('month', MONTH);
    expect(made).toMatchObject({ id: 'month-2026-10-01', written: true });
    const { report: actual, version } = await stored(made.id);
    expect(version).toBe(1);
    const expected = expectedReport('month', MONTH, raw, what, before);
    // The data set gives the month something to measure.
    expect(expected.sales.dealsWon.value).toBeGreaterThan(0);
    expect(expected.service.ticketsResolved.value).toBeGreaterThan(0);
    expect(expected.service.csat.answers.value).toBeGreaterThan(0);
    expectFigures(actual, expected);
  });

  it('a week and a busy day: every figure agrees', async () => {
    const what = happenings(raw, data);
    const busy = new Map<string, number>();
    for (const entry of [...what.resolutions, ...what.answers, ...what.dealsClosed, ...what.ticketsOpened]) {
      if (entry.day.startsWith('2026-10')) busy.set(entry.day, (busy.get(entry.day) ?? 0) + 1);
    }
    const [day] = [...busy].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [];
    expect(day).toBeDefined();
    const periods = ['week', 'day'] as const;
    const made = await Promise.all(periods.map((period) => report(period, day ?? '')));
    for (const [index, period] of periods.entries()) {
      const { report: actual } = await stored(made[index]?.id ?? '');
      expectFigures(actual, expectedReport(period, day ?? '', raw, what));
    }
  });

  it('a day with nothing in it: rates are null, not 0 or NaN, and nothing says NaN', async () => {
    const made = await report('day', EMPTY_DAY);
    const { report: actual } = await stored(made.id);
    expectFigures(actual, expectedReport('day', EMPTY_DAY, raw, happenings(raw, data)));
    const empty = { value: null, previous: null, change: null };
    expect(actual.sales.conversionRate).toEqual(empty);
    expect(actual.sales.byOwner).toEqual([]);
    expect(actual.sales.revenue).toEqual({});
    expect(actual.service.resolutionRate).toEqual(empty);
    expect(actual.service.firstContactResolution).toEqual(empty);
    expect(actual.service.averageHandlingSeconds).toEqual(empty);
    expect(actual.service.csat.satisfiedPercent).toEqual(empty);
    expect(actual.service.csat.meanScore).toEqual(empty);
    expect(actual.service.csat.trend).toEqual([{ day: EMPTY_DAY, answers: 0, satisfiedPercent: null }]);
    expect(actual.sales.dealsWon).toEqual({ value: 0, previous: 0, change: 0 });
    for (const format of ['csv', 'html']) {
      const file = await get(`/reports/${made.id}.${format}`);
      expect(file.status).toBe(200);
      expect(file.text).not.toMatch(/NaN|Infinity|undefined/);
    }
  });

  it('made twice with the same data, it is the same report: same id, same version, announced once', async () => {
    const first = await stored('month-2026-10-01');
    const again = await report('month', '2026-10-31');
    expect(again).toMatchObject({ id: 'month-2026-10-01', written: false });
    const second = await stored('month-2026-10-01');
    expect(second.version).toBe(first.version);
    expect(second.report).toEqual(first.report);
    await runtime.settle();
    const announced = archived().filter(
      (event) => event['detail-type'] === 'ReportGenerated' && event.detail.id === 'month-2026-10-01',
    );
    expect(announced).toHaveLength(1);
  });

  it('is listed, and its CSV and HTML are served and stored under DATA_DIR/reports', async () => {
    const list = await get('/reports?period=month');
    expect(list.status).toBe(200);
    const items = (JSON.parse(list.text) as { items: { id: string; version: number; links: unknown }[] })
      .items;
    expect(items.map((item) => item.id)).toEqual(['month-2026-10-01', 'month-2026-09-01']);
    expect(items[0]).toMatchObject({
      version: 1,
      links: {
        json: '/reports/month-2026-10-01',
        csv: '/reports/month-2026-10-01.csv',
        html: '/reports/month-2026-10-01.html',
      },
    });
    const { report: actual } = await stored('month-2026-10-01');
    const csv = await get('/reports/month-2026-10-01.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="month-2026-10-01.csv"');
    expect(csv.text).toBe(readFileSync(join(dataDir, 'reports', 'month-2026-10-01.csv'), 'utf8'));
    const won = actual.sales.dealsWon;
    expect(csv.text.split(/\r?\n/)).toContain(`sales,deals_won,,${won.value},${won.previous},${won.change}`);
    const html = await get('/reports/month-2026-10-01.html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text).toBe(readFileSync(join(dataDir, 'reports', 'month-2026-10-01.html'), 'utf8'));
    expect(html.text).toContain('October 2026');
  });
});

describe('search over the seeded data', () => {
  /** The ids of the first five hits for `q`, as a user typing it would see them. */
  async function topFive(q: string) {
    const answer = await get(`/search?q=${encodeURIComponent(q)}&limit=5`);
    expect(answer.status, answer.text).toBe(200);
    return (JSON.parse(answer.text) as { items: { id: string }[] }).items.map((hit) => hit.id);
  }

  it('finds every seeded person, company, e-mail domain and phone number by a prefix, in the first five', async () => {
    const accounts = data.accounts.map(
      (versions) => versions.at(-1) as NonNullable<(typeof versions)[number]>,
    );
    const missed: string[] = [];
    const check = async (q: string, id: string) => {
      if (!(await topFive(q)).includes(id)) missed.push(`${q} → ${id}`);
    };
    for (const account of accounts) {
      // The company: its first word and the start of the next, as typed.
      const [first = '', second = ''] = account.name.split(/[\s,]+/);
      await check(`${first} ${second.slice(0, 3)}`, account.id);
    }
    for (const contact of data.contacts) {
      const [first = '', last = ''] = contact.name.split(' ');
      await check(`${first} ${last.slice(0, 4)}`, contact.id);
      // The e-mail domain, up to its first dot, with the start of the person's first name.
      const domain = contact.email?.split('@')[1]?.split('.')[0] ?? '';
      await check(`${domain} ${first.slice(0, 3)}`, contact.id);
      if (contact.phone !== undefined) await check(contact.phone.slice(0, 11), contact.id);
    }
    expect(missed).toEqual([]);
  });
});
