// The report as CSV and as an HTML page: the CSV is strict RFC 4180 that reads back to the report's figures,
// with nothing a spreadsheet would run as a formula; the page is self-contained, escaped, accessible, has
// its four charts, and never shows NaN, Infinity or an empty chart frame.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../functions/reporting/report.ts';
import { decimal, REPORT_CSV_COLUMNS, reportCsv } from '../../functions/reporting/views/csv.ts';
import { formatMoney, peopleOf } from '../../functions/reporting/views/format.ts';
import { reportPage } from '../../functions/reporting/views/page.ts';
import {
  emptyReport,
  HOSTILE,
  hostileReport,
  owner,
  reportFixture,
  stage,
} from '../support/report-fixture.ts';

/* ------------------------------------------------------------------------------------------------------------
 * A strict RFC 4180 reader: CRLF records (the last one too), quoted fields with doubled quotes, and no quote,
 * comma, CR or LF in an unquoted field. Anything else throws.
 * ---------------------------------------------------------------------------------------------------------- */

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let index = 0;
  if (!text.endsWith('\r\n')) throw new Error('the last record must end with CRLF');
  while (index < text.length) {
    let value = '';
    if (text[index] === '"') {
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote === -1) throw new Error(`unterminated quoted field at ${index}`);
        value += text.slice(index, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
        } else {
          index = quote + 1;
          break;
        }
      }
    } else {
      const match = /^[^",\r\n]*/.exec(text.slice(index));
      value = match?.[0] ?? '';
      index += value.length;
    }
    record.push(value);
    if (text[index] === ',') {
      index++;
    } else if (text.startsWith('\r\n', index)) {
      records.push(record);
      record = [];
      index += 2;
    } else {
      throw new Error(`unexpected ${JSON.stringify(text[index])} after a field at ${index}`);
    }
  }
  return records;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** Undoes the neutralising `'` (text cells only; a number never has one). */
const textOf = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);
/** Splits `a|b` (with `\|` and `\\` escapes) into its parts. */
function dimensionParts(cell: string): string[] {
  const parts: string[] = [''];
  for (let index = 0; index < cell.length; index++) {
    const char = cell[index] ?? '';
    if (char === '\\') {
      parts[parts.length - 1] += cell[++index] ?? '';
    } else if (char === '|') {
      parts.push('');
    } else {
      parts[parts.length - 1] += char;
    }
  }
  return parts;
}

interface CsvRow {
  readonly section: string;
  readonly metric: string;
  readonly dimension: string;
  readonly value: string;
  readonly previous: string;
  readonly change: string;
  readonly raw: readonly string[];
}

function rowsOf(report: Report): CsvRow[] {
  const [header, ...records] = parseCsv(reportCsv(report));
  expect(header).toEqual([...REPORT_CSV_COLUMNS]);
  return records.map((raw) => {
    expect(raw).toHaveLength(6);
    const [section = '', metric = '', dimension = '', value = '', previous = '', change = ''] = raw;
    return { section, metric, dimension: textOf(dimension), value, previous, change, raw };
  });
}

const find = (rows: readonly CsvRow[], section: string, metric: string, dimension = '') => {
  const found = rows.filter(
    (row) => row.section === section && row.metric === metric && row.dimension === dimension,
  );
  expect(found, `${section}/${metric}/${dimension}`).toHaveLength(1);
  return found[0] as CsvRow;
};
const triple = (row: CsvRow) => [row.value, row.previous, row.change];

/** How many rows a report gives: one per figure. */
function expectedRowCount(report: Report): number {
  const { sales, service, accounts } = report;
  return (
    5 +
    Object.keys(sales.revenue).length +
    sales.byOwner.reduce((sum, owner) => sum + 4 + Object.keys(owner.revenue).length, 0) +
    3 * (sales.quotaAttainment.byOwner.length + sales.quotaAttainment.team.length) +
    sales.lostReasons.length +
    sales.byEngagement.reduce((sum, engagement) => sum + 1 + Object.keys(engagement.revenue).length, 0) +
    sales.byAudience.reduce((sum, audience) => sum + 1 + Object.keys(audience.revenue).length, 0) +
    sales.pipelineNextQuarter.byStage.reduce((sum, stage) => sum + 1 + Object.keys(stage.amount).length, 0) +
    [report.billing.invoices, report.billing.charges].reduce(
      (sum, bills) =>
        sum +
        1 +
        Object.keys(bills.amount).length +
        bills.byEngagement.reduce((all, engagement) => all + 1 + Object.keys(engagement.amount).length, 0),
      0,
    ) +
    6 +
    3 +
    5 +
    2 * service.csat.trend.length +
    2 * report.workload.length +
    1 +
    Object.keys(accounts.createdBy).length +
    accounts.counts.length +
    2 * accounts.funnel.length
  );
}

/* ------------------------------------------------------------------------------------------------------------
 * HTML helpers.
 * ---------------------------------------------------------------------------------------------------------- */

const escaped = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const svgs = (page: string) => [...page.matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)].map((match) => match[0]);
const chartNames = (page: string) =>
  [...page.matchAll(/<svg\b[^>]*\bdata-chart="([^"]+)"/g)].map((m) => m[1]);

function expectCleanText(page: string) {
  for (const word of ['NaN', 'Infinity', 'undefined', 'null', '[object']) expect(page).not.toContain(word);
}

function expectSelfContained(page: string) {
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/<(link|img|iframe|object|embed|image|use|foreignObject)\b/i);
  expect(page).not.toMatch(/\s(src|href|xlink:href|action)=/i);
  expect(page).not.toMatch(/url\(|@import|javascript:/i);
  expect(page).not.toMatch(/\son[a-z]+=/i);
}

/* ------------------------------------------------------------------------------------------------------------
 * CSV.
 * ---------------------------------------------------------------------------------------------------------- */

describe('reportCsv', () => {
  it('is strict RFC 4180 with one six-cell row per figure', () => {
    const report = reportFixture();
    const csv = reportCsv(report);
    expect(csv.startsWith('section,metric,dimension,value,previous,change\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(rowsOf(report)).toHaveLength(expectedRowCount(report));
  });

  it('reads back to the figures: counts whole, minor units, percentages to 1 decimal, means to 2', () => {
    const report = reportFixture();
    const rows = rowsOf(report);
    expect(triple(find(rows, 'sales', 'deals_won'))).toEqual(['17', '19', '-2']);
    expect(triple(find(rows, 'sales', 'deals_opened'))).toEqual(['46', '39', '7']);
    // 17 ÷ 26 = 65.38…%, 19 ÷ 31 = 61.29…%, the change 4.09… points.
    expect(triple(find(rows, 'sales', 'conversion_rate_percent'))).toEqual(['65.4', '61.3', '4.1']);
    expect(triple(find(rows, 'sales', 'revenue_minor_units', 'EUR'))).toEqual([
      '18450000',
      '16210050',
      '2239950',
    ]);
    expect(triple(find(rows, 'sales', 'revenue_minor_units', 'USD'))).toEqual([
      '4200000',
      '5120000',
      '-920000',
    ]);
    expect(triple(find(rows, 'csat', 'mean_score'))).toEqual(['4.06', '3.91', '0.15']);
    // Invoices and internal charges apart, each by engagement type.
    expect(triple(find(rows, 'billing_invoices', 'amount_minor_units', 'EUR'))).toEqual([
      '14620000',
      '12900000',
      '1720000',
    ]);
    expect(triple(find(rows, 'billing_charges', 'issued'))).toEqual(['3', '2', '1']);
    expect(triple(find(rows, 'billing_charges', 'amount_minor_units', 'tailored|EUR'))).toEqual([
      '1000000',
      '750000',
      '250000',
    ]);
    expect(triple(find(rows, 'service', 'average_handling_seconds'))[1]).toBe('398.50');
    // People by their names; those the report knows no name for by their ids.
    expect(triple(find(rows, 'sales_by_owner', 'revenue_minor_units', 'Sam Brightwell|USD'))).toEqual([
      '4200000',
      '5120000',
      '-920000',
    ]);
    // An owner who closed nothing has no conversion rate: empty cells, not 0 and not "null".
    expect(triple(find(rows, 'sales_by_owner', 'conversion_rate_percent', '01JC8Z4M7NEWSTARTER'))).toEqual([
      '',
      '',
      '',
    ]);
    // States compare with what the previous period's report recorded (absent there: 0).
    expect(triple(find(rows, 'pipeline_next_quarter', 'amount_minor_units', 'proposal|USD'))).toEqual([
      '2400000',
      '0',
      '2400000',
    ]);
    expect(triple(find(rows, 'pipeline_next_quarter', 'open_deals', 'prospecting'))).toEqual([
      String(report.sales.pipelineNextQuarter.byStage.find((stage) => stage.stage === 'prospecting')?.deals),
      '18',
      String(
        (report.sales.pipelineNextQuarter.byStage.find((stage) => stage.stage === 'prospecting')?.deals ??
          0) - 18,
      ),
    ]);
    expect(find(rows, 'csat', 'daily_satisfied_percent', '2026-11-01').value).toBe(''); // a Sunday
    expect(find(rows, 'csat', 'answers_by_score', '5').value).toBe(
      String(report.service.csat.byScore['5'].value),
    );
    expect(triple(find(rows, 'workload', 'open_tickets', '01JC8Z4M7SUPPORT001'))).toEqual(['21', '15', '6']);
    expect(triple(find(rows, 'accounts', 'created_by', 'customer.external'))).toEqual(['17', '12', '5']);
    expect(triple(find(rows, 'accounts', 'accounts', 'client|internal'))).toEqual(['9', '0', '9']);
    expect(triple(find(rows, 'accounts', 'funnel_accounts', 'lead'))).toEqual(['640', '628', '12']);
    // Without a previous report the states have no previous value: empty, not 0.
    const first = rowsOf({ ...report, statesBefore: null });
    expect(triple(find(first, 'workload', 'open_tickets', '01JC8Z4M7SUPPORT001'))).toEqual(['21', '', '']);
    expect(triple(find(rows, 'accounts', 'funnel_entered', 'churned'))).toEqual(['1', '3', '-2']);

    // Every figure, generically: each value cell is the figure rounded as its metric says.
    for (const row of rows) {
      const decimals = /percent/.test(row.metric) ? 1 : /mean|average/.test(row.metric) ? 2 : 0;
      for (const cell of [row.value, row.previous, row.change]) {
        if (cell === '') continue;
        expect(cell, `${row.section}/${row.metric}`).toMatch(NUMBER);
        expect(cell.split('.')[1]?.length ?? 0, `${row.section}/${row.metric} ${cell}`).toBe(decimals);
      }
    }
    // Quota attainment per owner and currency, and the team's: quota, won and attainment, each with before.
    expect(triple(find(rows, 'quota_attainment', 'quota_minor_units', 'Asha Ford|EUR'))).toEqual([
      '6000000',
      '6000000',
      '0',
    ]);
    expect(triple(find(rows, 'quota_attainment', 'attainment_percent', 'Asha Ford|EUR'))).toEqual([
      '120.0',
      '101.7',
      '18.3',
    ]);
    expect(triple(find(rows, 'quota_attainment', 'attainment_percent', 'Sam Brightwell|USD'))).toEqual([
      '84.0',
      '',
      '',
    ]);
    expect(triple(find(rows, 'quota_attainment', 'won_minor_units', '(team)|EUR'))).toEqual([
      '13250000',
      '16210050',
      '-2960050',
    ]);
    expect(triple(find(rows, 'quota_attainment', 'attainment_percent', '01JC8Z4M7CHAUDHARY0|EUR'))).toEqual([
      '',
      '77.5',
      '',
    ]);
    // Standard products and tailored work, each with its revenue per currency.
    expect(triple(find(rows, 'sales_by_engagement', 'deals_won', 'tailored'))).toEqual(['5', '4', '1']);
    expect(triple(find(rows, 'sales_by_engagement', 'revenue_minor_units', 'standard|USD'))).toEqual([
      '4200000',
      '5120000',
      '-920000',
    ]);
    expect(triple(find(rows, 'sales_by_audience', 'revenue_minor_units', 'internal|EUR'))).toEqual([
      '500000',
      '0',
      '500000',
    ]);
    // Losses by reason, by code; those lost before reasons were asked for as (none).
    expect(triple(find(rows, 'sales', 'deals_lost_by_reason', 'price'))).toEqual(['4', '5', '-1']);
    expect(triple(find(rows, 'sales', 'deals_lost_by_reason', '(none)'))).toEqual(['0', '1', '-1']);
    const ownerName = peopleOf(report);
    for (const owner of report.sales.byOwner) {
      const won = find(rows, 'sales_by_owner', 'deals_won', ownerName(owner.ownerId));
      expect(won.value).toBe(String(owner.won.value));
      for (const [currency, money] of Object.entries(owner.revenue)) {
        const row = find(
          rows,
          'sales_by_owner',
          'revenue_minor_units',
          `${ownerName(owner.ownerId)}|${currency}`,
        );
        expect(row.value).toBe(String(money.value));
      }
    }
  });

  it('writes an amount past 2^53 − 1 to its last digit, and the deals without an owner as "(no owner)"', () => {
    const base = reportFixture();
    const big = '18014398509481982';
    const report: Report = {
      ...base,
      sales: {
        ...base.sales,
        revenue: { EUR: { value: big, previous: 1, change: '18014398509481981' } },
        byOwner: [
          {
            ...owner('u-ann', { opened: 1, won: 1, lost: 0 }, { opened: 0, won: 0, lost: 0 }),
            ownerId: null,
          },
        ],
        pipelineNextQuarter: {
          ...base.sales.pipelineNextQuarter,
          byStage: [stage('proposal', 3, { EUR: '27021597764222973' })],
        },
      },
    };
    const rows = rowsOf(report);
    expect(triple(find(rows, 'sales', 'revenue_minor_units', 'EUR'))).toEqual([
      big,
      '1',
      '18014398509481981',
    ]);
    expect(find(rows, 'sales_by_owner', 'deals_won', '(no owner)').value).toBe('1');
    expect(find(rows, 'pipeline_next_quarter', 'amount_minor_units', 'proposal|EUR').value).toBe(
      '27021597764222973',
    );
    const page = reportPage(report);
    expect(page).toContain('€180,143,985,094,819.82');
    expect(page).toContain('+€180,143,985,094,819.81');
    expect(page).toContain('€270,215,977,642,229.73');
    expect(page).toContain('(no owner)');
    expectCleanText(page);
  });

  it('neutralises hostile text so no cell starts a formula, while negative numbers stay numbers', () => {
    const report = hostileReport();
    const csv = reportCsv(report);
    const rows = rowsOf(report);
    expect(rows).toHaveLength(expectedRowCount(report));
    for (const row of rows) {
      for (const cell of row.raw) {
        if (FORMULA.test(cell)) expect(cell, JSON.stringify(row.raw)).toMatch(NUMBER);
      }
    }
    // The raw hostile cells, as a spreadsheet would see them.
    const ownerCells = rows
      .filter((row) => row.section === 'sales_by_owner' && row.metric === 'deals_won')
      .map((row) => row.raw[2]);
    expect(ownerCells).toContain(`'=HYPERLINK("http://x")`);
    expect(ownerCells).toContain("'+1");
    expect(ownerCells).toContain("'-2+3");
    expect(ownerCells).toContain("'@SUM(A1)");
    expect(ownerCells).toContain("'\tx");
    expect(ownerCells).toContain("'\r=1+1");
    expect(ownerCells).toContain('"quoted", comma'); // no formula, so left as it is (and quoted in the file)
    expect(csv).toContain('"""quoted"", comma"');
    expect(csv).toContain('"line one\nline two"');
    // Every hostile id reads back exactly: as owner, as assignee, as stage, and inside a two-part dimension.
    for (const id of HOSTILE) {
      expect(find(rows, 'sales_by_owner', 'deals_opened', id).value).toMatch(NUMBER);
      expect(find(rows, 'workload', 'open_tasks', id).value).toMatch(NUMBER);
      expect(find(rows, 'pipeline_next_quarter', 'open_deals', id).value).toMatch(NUMBER);
      const money = rows.filter(
        (row) =>
          row.metric === 'revenue_minor_units' &&
          row.section === 'sales_by_owner' &&
          row.dimension.includes('|'),
      );
      expect(money.some((row) => dimensionParts(row.dimension).join('\u0000') === `${id}\u0000${id}`)).toBe(
        true,
      );
    }
    // Negative changes are numbers, never neutralised.
    expect(triple(find(rows, 'sales', 'deals_won'))).toEqual(['17', '19', '-2']);
  });

  it('writes numbers in plain decimal notation, never -0, exponents, NaN or Infinity', () => {
    expect(decimal(-0.04, 1)).toBe('0.0');
    expect(decimal(-0, 0)).toBe('0');
    expect(decimal(-2, 0)).toBe('-2');
    expect(decimal(12.345678, 2)).toBe('12.35');
    expect(decimal(1e21, 0)).toBe('1000000000000000000000');
    expect(decimal(1e-7, 2)).toBe('0.00');
    expect(decimal(Number.NaN, 1)).toBe('');
    expect(decimal(Number.POSITIVE_INFINITY, 0)).toBe('');
    expect(decimal(null, 0)).toBe('');
    const broken = reportFixture();
    const rows = rowsOf({
      ...broken,
      sales: {
        ...broken.sales,
        dealsWon: { value: Number.NaN, previous: Number.POSITIVE_INFINITY, change: null },
      },
    });
    expect(triple(find(rows, 'sales', 'deals_won'))).toEqual(['', '', '']);
  });

  it('property: any owner, assignee or stage text reads back exactly and never starts a formula', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.string(), { minLength: 1, maxLength: 4 }),
        (ids, stages) => {
          const report = reportFixture({
            owners: ids.map((id, index) =>
              owner(
                id,
                { opened: index, won: 1, lost: index, revenue: { EUR: [-index, 3] } },
                {
                  opened: 1,
                  won: 0,
                  lost: 0,
                },
              ),
            ),
            stages: stages.map((name, index) => stage(name, index, { [name]: index })),
            workload: ids.map((assigneeId) => ({ assigneeId, openTasks: 1, openTickets: -1 })),
          });
          const rows = rowsOf(report);
          expect(rows).toHaveLength(expectedRowCount(report));
          for (const row of rows) {
            for (const cell of row.raw) if (FORMULA.test(cell)) expect(cell).toMatch(NUMBER);
          }
          const dims = (section: string, metric: string) =>
            rows
              .filter((row) => row.section === section && row.metric === metric)
              .map((row) => row.dimension);
          expect(dims('sales_by_owner', 'deals_won')).toEqual(ids);
          expect(dims('workload', 'open_tickets')).toEqual(ids);
          expect(dims('pipeline_next_quarter', 'open_deals')).toEqual(stages);
          expect(dims('sales_by_owner', 'revenue_minor_units').map(dimensionParts)).toEqual(
            ids.map((id) => [id, 'EUR']),
          );
          expect(dims('pipeline_next_quarter', 'amount_minor_units').map(dimensionParts)).toEqual(
            stages.map((name) => [name, name]),
          );
          expect(
            rows
              .filter((row) => row.metric === 'revenue_minor_units' && row.section === 'sales_by_owner')
              .map((row) => row.value),
          ).toEqual(ids.map((_, index) => String(-index)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/* ------------------------------------------------------------------------------------------------------------
 * HTML.
 * ---------------------------------------------------------------------------------------------------------- */

describe('reportPage', () => {
  it('is one accessible, self-contained document with the five charts', () => {
    const page = reportPage(reportFixture());
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Monthly report: November 2026 · Clientele</title>');
    expect(page).toContain('<h1>Monthly report: November 2026</h1>');
    expect(page).toContain('1\u2009–\u200930 November 2026, compared with 1\u2009–\u200931 October 2026');
    expect(page).toContain('Generated 1 Dec 2026, 06:00 UTC');
    for (const heading of ['Headline figures', 'Sales', 'Service', 'Workload', 'Accounts']) {
      expect(page).toMatch(new RegExp(`<h2 id="[^"]+">${heading}</h2>`));
    }
    expectSelfContained(page);
    expectCleanText(page);

    expect(chartNames(page).sort()).toEqual(['conversion', 'csat', 'pipeline', 'quota', 'workload']);
    for (const svg of svgs(page)) {
      expect(svg).toMatch(/^<svg [^>]*role="img"/);
      const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
      expect(labelledBy).toHaveLength(2);
      expect(svg).toContain(`<title id="${labelledBy[0]}">`);
      expect(svg).toMatch(new RegExp(`<desc id="${labelledBy[1]}">[^<]{20,}</desc>`));
      expect(svg).toMatch(/<rect /);
      expect(svg).toMatch(/class="at"/); // axis titles
      expect(svg).not.toMatch(/="-?\d+(\.\d+)?e/); // no exponents in coordinates
    }
    // Tables: each with a caption, column headers and row headers scoped.
    const tables = [...page.matchAll(/<table[\s\S]*?<\/table>/g)].map((match) => match[0]);
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables) {
      expect(table).toMatch(/<caption>[^<]+<\/caption>/);
      expect(table).toContain('<th scope="col">');
      expect(table).toContain('<th scope="row">');
    }
    expect(page).not.toContain('No data for this period');
  });

  it('shows values, previous values and signed changes, money in major units of its currency', () => {
    const page = reportPage(reportFixture());
    expect(page).toContain('€184,500.00'); // 18,450,000 minor units of EUR
    expect(page).toContain('US$42,000.00');
    expect(page).toContain('65.4%');
    expect(page).toMatch(/▲ <\/span><span class="sr">up <\/span>\+4\.1 pts/);
    expect(page).toMatch(/▼ <\/span><span class="sr">down <\/span>−2</);
    expect(page).toContain('6 min 52 s'); // 412 seconds of handling
    expect(page).toContain('Amount in EUR');
    expect(page).toContain('Amount in USD');
    expect(formatMoney(1_234, 'JPY')).toBe('JP¥1,234');
    expect(formatMoney(1_234, 'BHD')).toBe('BHD\u00a01.234');
    expect(formatMoney(1_234, 'ZZZ')).toBe('1,234 ZZZ (minor units)');
  });

  it('escapes every hostile text and never lets one add markup', () => {
    const report = hostileReport();
    const page = reportPage(report);
    expect(page).not.toContain('<script>alert(1)</script>');
    expectSelfContained(page);
    expectCleanText(page);
    expect(chartNames(page)).toHaveLength(5);
    for (const id of HOSTILE) {
      if (/[<>"'&]/.test(id)) expect(page).not.toContain(`>${id}<`);
      expect(page).toContain(`<th scope="row">${escaped(id)}</th>`);
    }
    // The markup is the same as for the harmless report of the same shape: no text added a tag.
    const tame = reportPage(tameCopy(report));
    expect(page.split('<').length).toBe(tame.split('<').length);
  });

  it('says "No data for this period" instead of drawing an empty chart', () => {
    const page = reportPage(emptyReport());
    expectSelfContained(page);
    expectCleanText(page);
    expect(svgs(page)).toHaveLength(0);
    const notes = page.match(/No data for this period\./g) ?? [];
    expect(notes.length).toBeGreaterThanOrEqual(4);
    for (const heading of [
      'Conversion by owner',
      'Pipeline for next quarter',
      'Customer satisfaction per day',
      'Open work per person',
    ]) {
      const after = page.slice(page.indexOf(`<h3>${heading}</h3>`));
      expect(after.slice(0, after.indexOf('</figure>')), heading).toContain('No data for this period.');
    }
  });

  it('also for a zero pipeline, an idle team, owners who closed nothing, and broken numbers', () => {
    const base = reportFixture();
    const page = reportPage(
      reportFixture({
        stages: [stage('proposal', 3, { EUR: 0 }), stage('negotiation', 0, {})],
        workload: [{ assigneeId: 'idle', openTasks: 0, openTickets: 0 }],
        owners: [owner('quiet', { opened: 2, won: 0, lost: 0 }, { opened: 0, won: 0, lost: 0 })],
      }),
    );
    expect(chartNames(page).sort()).toEqual(['csat', 'quota']);
    expectCleanText(page);

    const broken: Report = {
      ...base,
      sales: {
        ...base.sales,
        dealsWon: { value: Number.NaN, previous: Number.POSITIVE_INFINITY, change: Number.NEGATIVE_INFINITY },
        pipelineNextQuarter: {
          ...base.sales.pipelineNextQuarter,
          byStage: [
            stage('proposal', Number.NaN, { EUR: Number.POSITIVE_INFINITY, USD: 100 }),
            // Finite, but past what a scale can hold: the coordinates would overflow to Infinity.
            stage('negotiation', 1, { USD: Number.MAX_VALUE }),
          ],
        },
      },
      workload: [{ assigneeId: 'x', openTasks: Number.NaN, openTickets: 3 }],
      service: {
        ...base.service,
        csat: {
          ...base.service.csat,
          trend: [{ day: 'not-a-day', answers: 2, satisfiedPercent: Number.POSITIVE_INFINITY }],
        },
      },
    };
    const brokenPage = reportPage(broken);
    expectCleanText(brokenPage);
    expect(chartNames(brokenPage).sort()).toEqual(['conversion', 'pipeline', 'quota', 'workload']);
  });

  it('names people by their names (the id beside a name two share), and shows quota attainment and lost reasons', () => {
    const base = reportFixture();
    const page = reportPage(base);
    expect(page).toContain('<th scope="row">Asha Ford</th>');
    expect(page).toContain('<th scope="row">Sam Brightwell</th>');
    expect(page).not.toContain('>01JC8Z4M7ASH0RTF0RD<');
    // The quota table: Asha won €72,000.00 of €60,000.00, 120 %; the team's EUR row; a reason's label.
    expect(page).toContain('Quota attainment: revenue won against the quota');
    expect(page).toContain('€60,000.00');
    expect(page).toContain('120.0%');
    expect(page).toMatch(/<th scope="row">Team<\/th><td>EUR<\/td>/);
    expect(page).toContain('<th scope="row">Went with a competitor</th>');
    expect(page).toContain('<th scope="row">No reason given</th>');
    expect(page).toContain('<th scope="row">Tailored work</th>');
    expect(page).toContain('<th scope="row">Internal (other departments)</th>');
    expect(page).toContain('€90,000.00');
    // Two people with one name are told apart by their ids; a hostile name is text, never markup.
    const twins = reportPage(
      reportFixture({
        owners: [
          owner('u-1', { opened: 1, won: 1, lost: 0 }, { opened: 0, won: 0, lost: 0 }, 'Kim Lee'),
          owner('u-2', { opened: 1, won: 0, lost: 1 }, { opened: 0, won: 0, lost: 0 }, 'Kim Lee'),
          owner('u-3', { opened: 1, won: 0, lost: 1 }, { opened: 0, won: 0, lost: 0 }, '<b>Eve</b>'),
        ],
        quotas: { byOwner: [], team: [] },
      }),
    );
    expect(twins).toContain('<th scope="row">Kim Lee (u-1)</th>');
    expect(twins).toContain('<th scope="row">Kim Lee (u-2)</th>');
    expect(twins).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(twins).not.toContain('<b>Eve</b>');
    expect(twins).toContain('No quota was set for this period');
  });

  it('names a day and a week as people do', () => {
    const week = reportPage({
      ...reportFixture(),
      period: 'week',
      start: '2026-11-02',
      end: '2026-11-09',
      previousStart: '2026-10-26',
    });
    expect(week).toContain('<h1>Weekly report: 2\u2009–\u20098 November 2026</h1>');
    expect(week).toContain('compared with 26 October\u2009–\u20091 November 2026');
    const day = reportPage({
      ...reportFixture(),
      period: 'day',
      start: '2026-11-02',
      end: '2026-11-03',
      previousStart: '2026-11-01',
    });
    expect(day).toContain('<h1>Daily report: 2 November 2026</h1>');
  });

  it('property: a text with "<" never reaches the page raw, and no text adds or removes markup', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme-ascii' }), { minLength: 1, maxLength: 4 }),
        fc.string(),
        fc.string(),
        (texts, before, after) => {
          const hostile = `§${before}<${after}`;
          const ids = [...texts, hostile];
          const page = reportPage(withTexts(ids));
          expect(page).not.toContain(hostile);
          const tame = reportPage(withTexts(ids.map((_, index) => `person ${index}`)));
          expect(page.split('<').length).toBe(tame.split('<').length);
          expect(chartNames(page)).toHaveLength(5);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** The realistic report with these texts as owners, assignees and stages. */
function withTexts(texts: readonly string[]): Report {
  return reportFixture({
    owners: texts.map((id, index) =>
      owner(
        id,
        { opened: 3, won: index % 3, lost: 1, revenue: { EUR: [1000, 500] } },
        { opened: 2, won: 1, lost: 2 },
      ),
    ),
    stages: texts.map((name, index) => stage(name, index, { EUR: 10_000 * (index + 1) })),
    workload: texts.map((assigneeId, index) => ({ assigneeId, openTasks: index, openTickets: 2 })),
  });
}

/** The same report with every owner, assignee, stage and currency text replaced by a harmless one. */
function tameCopy(report: Report): Report {
  const rename = (text: string) => `t${text.length}`;
  return {
    ...report,
    sales: {
      ...report.sales,
      byOwner: report.sales.byOwner.map((owner, index) => ({
        ...owner,
        ownerId: `owner ${index}`,
        revenue: Object.fromEntries(
          Object.entries(owner.revenue).map(([currency, money], n) => [`${rename(currency)}${n}`, money]),
        ),
      })),
      pipelineNextQuarter: {
        ...report.sales.pipelineNextQuarter,
        byStage: report.sales.pipelineNextQuarter.byStage.map((stage, index) => ({
          ...stage,
          stage: `stage ${index}`,
          amount: Object.fromEntries(
            Object.entries(stage.amount).map(([currency, amount]) => [
              currency === 'EUR' || currency === 'USD' ? currency : `C${index}`,
              amount,
            ]),
          ),
        })),
      },
    },
    workload: report.workload.map((person, index) => ({ ...person, assigneeId: `person ${index}` })),
  };
}
