// Making, storing and reading reports. A report reads ~2 × 31 daily aggregate items for its flows, and
// indexes (open deals closing next quarter, open work per assignee, accounts per relationship and stage)
// for its states — never the interactions, deals or tickets one by one. Made twice for the same period and
// the same data, it is the same report: the stored one is kept, and nothing is announced again.
import {
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { AUDIENCES, accounts, LIFECYCLE_STAGES, RELATIONSHIPS } from '../accounts/index.ts';
import { documentClient } from '../platform/clients.ts';
import { decodeCursor, encodeCursor } from '../platform/cursor.ts';
import { indexAttributes, recordOf, typePartition } from '../platform/entity.ts';
import { NotFound } from '../platform/errors.ts';
import {
  fingerprint,
  type IndexQuery,
  indexQuery,
  queryAll,
  type ReadTally,
  readItem,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { deals, OPEN_STAGES } from '../sales/index.ts';
import { getLostReasons, quotasOf } from '../sales/services.ts';
import { tickets, UNRESOLVED_STATES } from '../service/index.ts';
import { allMembers } from '../team/services.ts';
import { tasks } from '../work/index.ts';
import { reportKey, reports, reportsOfPeriod } from './entity.ts';
import {
  amountOf,
  exactAmount,
  type Period,
  type Report,
  type StageFigures,
  type StoredReport,
} from './report.ts';
import { buildReport, daysBetween, nextQuarter, periodOf } from './report-build.ts';
import { readDays } from './stats-store.ts';

type Tally = ReadTally;

async function countAll(input: QueryCommandInput, tally: Tally): Promise<number> {
  let total = 0;
  let start: Record<string, NativeAttributeValue> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    tally.read += page.ScannedCount ?? 0;
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return total;
}

/** Open deals expected to close between `from` and `to` (inclusive), per open stage. */
async function pipeline(from: string, to: string, tally: Tally): Promise<StageFigures[]> {
  return Promise.all(
    OPEN_STAGES.map(async (stage) => {
      const { byStage } = deals.indexes;
      const closing = await queryAll(
        {
          ...indexQuery({
            index: byStage,
            partition: byStage.partition(stage),
            range: byStage.closing(from, to),
          }),
          ProjectionExpression: 'amount, currency',
        },
        tally,
      );
      // Summed exactly: many large deals in one stage may pass 2^53 − 1 together (see Amount).
      const sums: Record<string, bigint> = {};
      for (const deal of closing) {
        const currency = String(deal.currency ?? 'EUR');
        const value =
          typeof deal.amount === 'bigint' || typeof deal.amount === 'number' ? exactAmount(deal.amount) : 0n;
        sums[currency] = (sums[currency] ?? 0n) + value;
      }
      const amount = Object.fromEntries(
        Object.entries(sums).map(([currency, sum]) => [currency, amountOf(sum)]),
      );
      return { stage, deals: closing.length, amount };
    }),
  );
}

/** Open tasks and unresolved tickets per assignee (unassigned work is left out). */
async function workload(tally: Tally): Promise<Report['workload']> {
  const byAssignee = new Map<string, { openTasks: number; openTickets: number }>();
  const tally_ = (id: unknown, field: 'openTasks' | 'openTickets') => {
    if (typeof id !== 'string') return;
    const entry = byAssignee.get(id) ?? { openTasks: 0, openTickets: 0 };
    entry[field] += 1;
    byAssignee.set(id, entry);
  };
  const open = (partition: IndexQuery) =>
    queryAll({ ...indexQuery(partition), ProjectionExpression: 'assigneeId' }, tally);
  const openTasks = tasks.indexes.byStatus;
  for (const task of await open({ index: openTasks, partition: openTasks.partition('open') })) {
    tally_(task.assigneeId, 'openTasks');
  }
  const unresolved = tickets.indexes.byStatus;
  for (const status of UNRESOLVED_STATES) {
    for (const ticket of await open({ index: unresolved, partition: unresolved.partition(status) })) {
      tally_(ticket.assigneeId, 'openTickets');
    }
  }
  return [...byAssignee]
    .map(([assigneeId, counts]) => ({ assigneeId, ...counts }))
    .sort(
      (a, b) =>
        b.openTasks + b.openTickets - (a.openTasks + a.openTickets) || (a.assigneeId < b.assigneeId ? -1 : 1),
    );
}

/** Accounts per relationship × audience: one pass over each relationship's index partition. */
async function accountCounts(tally: Tally): Promise<Report['accounts']['counts']> {
  const counts: { relationship: string; audience: string; count: number }[] = [];
  for (const relationship of RELATIONSHIPS) {
    const { byRelationship } = accounts.indexes;
    const related = await queryAll(
      {
        ...indexQuery({ index: byRelationship, partition: byRelationship.partition(relationship) }),
        ProjectionExpression: 'audience',
      },
      tally,
    );
    for (const audience of AUDIENCES) {
      counts.push({
        relationship,
        audience,
        count: related.filter((account) => account.audience === audience).length,
      });
    }
  }
  return counts;
}

async function lifecycle(tally: Tally) {
  return Promise.all(
    LIFECYCLE_STAGES.map(async (stage) => ({
      stage,
      accounts: await countAll(
        indexQuery({
          index: accounts.indexes.byLifecycleStage,
          partition: accounts.indexes.byLifecycleStage.partition(stage),
        }),
        tally,
      ),
    })),
  );
}

/** The report of the period containing `day`, from the aggregates and the indexes as they are now. */
export async function makeReport(
  period: Period,
  day: string,
  now: Date,
): Promise<{ report: Report; read: number }> {
  const tally: Tally = { read: 0 };
  const { start, end, previousStart } = periodOf(period, day);
  const days = daysBetween(previousStart, end);
  const quarter = nextQuarter(end);
  // Independent reads: all at once.
  const [counters, before, stages, work, counts, funnel, quotasNow, quotasBefore, reasons, team] =
    await Promise.all([
      readDays(days),
      readItem(reportKey(period, previousStart)),
      pipeline(quarter.from, quarter.to, tally),
      workload(tally),
      accountCounts(tally),
      lifecycle(tally),
      quotasOf(period, start),
      quotasOf(period, previousStart),
      getLostReasons(),
      allMembers(),
    ]);
  // The daily items and the previous report, the quotas, the reason list and the team (a page per 100).
  tally.read += days.length + 1 + quotasNow.length + quotasBefore.length + 1 + team.length;
  const report = buildReport({
    period,
    day: start,
    counters,
    pipeline: stages,
    workload: work,
    accountCounts: counts,
    lifecycle: funnel,
    previous: before === undefined ? undefined : recordOf<StoredReport>(before).report,
    quotas: { current: quotasNow, previous: quotasBefore },
    lostReasons: reasons.reasons,
    names: new Map(team.map((member) => [member.id, member.name])),
    generatedAt: now,
  });
  return { report, read: tally.read };
}

/** Equal figures, whatever the key order a stored map comes back in. */
const sameFigures = (a: Report, b: Report) => fingerprint(figuresOf(a)) === fingerprint(figuresOf(b));
/** A report without the times it (and the previous one it compares with) was made. */
const figuresOf = (report: Report) => ({
  ...report,
  generatedAt: '',
  statesBefore: report.statesBefore === null ? null : { ...report.statesBefore, generatedAt: '' },
});

/**
 * Store a report unless the period's stored one has the same figures (then that one stands). Returns the
 * stored report and whether it was (re)written — only then is ReportGenerated announced.
 */
export async function storeReport(
  report: Report,
  writeFiles: (report: Report) => Promise<Readonly<Record<'csv' | 'html', string>>>,
): Promise<{ report: Report; written: boolean }> {
  const key = reportKey(report.period, report.start);
  const Item = await readItem(key);
  const current = Item === undefined ? undefined : recordOf<StoredReport>(Item);
  const stored = current?.report;
  if (stored !== undefined && sameFigures(stored, report)) return { report: stored, written: false };
  const files = await writeFiles(report);
  const version = typeof current?.version === 'number' ? current.version + 1 : 1;
  await documentClient.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: reports.item({
        id: report.id,
        period: report.period,
        start: report.start,
        end: report.end,
        generatedAt: report.generatedAt,
        files,
        report,
        version,
      }),
      // Two makers racing: the later version wins whole; neither is half-written.
      ConditionExpression: version === 1 ? 'attribute_not_exists(pk)' : 'version = :read',
      ...(version === 1 ? {} : { ExpressionAttributeValues: { ':read': version - 1 } }),
    }),
  );
  return { report, written: true };
}

/** `<period>-<YYYY-MM-DD>` → the stored report, or 404. */
export async function getReport(id: string): Promise<StoredReport> {
  const match = /^(day|week|month)-(\d{4}-\d{2}-\d{2})$/.exec(id);
  if (match === null) throw new NotFound('Report', id);
  const Item = await readItem(reportKey(match[1] as Period, match[2] ?? ''));
  if (Item === undefined) throw new NotFound('Report', id);
  return recordOf<StoredReport>(Item);
}

/** Reports newest period first: of one kind, or all. Summaries only (the figures are one GET away). */
export async function listReports(query: {
  period?: Period | undefined;
  limit: number;
  cursor?: string | undefined;
}) {
  // Of one kind: that period's partition of the table itself; all: the type index.
  const byPeriod = query.period !== undefined;
  const { all } = reports.indexes;
  const typeIndex = indexAttributes(all.index);
  const pkName = byPeriod ? 'pk' : typeIndex.pk;
  const partition = query.period === undefined ? typePartition(all.type) : reportsOfPeriod(query.period);
  const page = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      ...(byPeriod ? {} : { IndexName: all.index }),
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': pkName, '#start': 'start', '#end': 'end' },
      ExpressionAttributeValues: { ':pk': partition },
      ProjectionExpression: `pk, sk, ${typeIndex.pk}, ${typeIndex.sk}, id, period, #start, #end, generatedAt, version`,
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(
        query.cursor,
        byPeriod ? ['pk', 'sk'] : ['pk', 'sk', typeIndex.pk, typeIndex.sk],
        { [pkName]: partition },
      ),
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => ({
      id: String(item.id),
      period: item.period as Period,
      start: String(item.start),
      end: String(item.end),
      generatedAt: String(item.generatedAt),
      version: Number(item.version),
      links: {
        json: `/reports/${item.id}`,
        csv: `/reports/${item.id}.csv`,
        html: `/reports/${item.id}.html`,
      },
    })),
    nextCursor: encodeCursor(page.LastEvaluatedKey),
  };
}
