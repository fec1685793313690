// A report as one self-contained, printable HTML page: headline cards, tables and four hand-drawn SVG charts,
// no script and nothing fetched (it holds under `default-src 'none'; style-src 'unsafe-inline'`). Every text
// from the report is escaped; owner ids, stages and currencies come from users.

import { escapeHtml as html, page } from '../platform/page.ts';
import type { Figure, Money, OwnerFigures, Report } from './report.ts';

/* ------------------------------------------------------------------------------------------------------------
 * Numbers as people read them. Functions here return plain text; it is escaped where it enters the page.
 * ---------------------------------------------------------------------------------------------------------- */

type Kind = 'count' | 'percent' | 'mean' | 'seconds' | { readonly currency: string };
/** Which way is good news, for the colour of a change (the arrow and sign say it without colour). */
type Better = 'up' | 'down' | 'neither';

const finite = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const TWO_DECIMALS = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COMPACT = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumSignificantDigits: 3 });
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

interface CurrencyFormat {
  readonly digits: number;
  readonly full: Intl.NumberFormat;
  readonly compact: Intl.NumberFormat;
}
const currencyFormats = new Map<string, CurrencyFormat | undefined>();

/** The formats of an ISO 4217 currency, whose minor-unit exponent Intl knows; undefined for any other code. */
function currencyFormat(currency: string): CurrencyFormat | undefined {
  if (!currencyFormats.has(currency)) {
    let format: CurrencyFormat | undefined;
    if (/^[A-Z]{3}$/.test(currency) && KNOWN_CURRENCIES.has(currency)) {
      const full = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
      const compact = new Intl.NumberFormat('en-GB', {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumSignificantDigits: 3,
      });
      format = { digits: full.resolvedOptions().maximumFractionDigits ?? 2, full, compact };
    }
    currencyFormats.set(currency, format);
  }
  return currencyFormats.get(currency);
}

/** An amount in minor units in its currency; a code Intl does not know stays in minor units, and says so. */
export function formatMoney(minor: number, currency: string, compact = false): string {
  if (!finite(minor)) return '–';
  const format = currencyFormat(currency);
  if (format === undefined) {
    // Compact labels sit on an axis or a bar whose panel names the currency and says "minor units".
    return compact ? COMPACT.format(minor) : `${COUNT.format(minor)} ${clip(currency, 12)} (minor units)`;
  }
  return (compact ? format.compact : format.full).format(minor / 10 ** format.digits);
}

function formatSeconds(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min ${rest} s`;
}

/** A value of a kind (a dash for a number that is not finite, which a report should never hold). */
function format(kind: Kind, value: number): string {
  if (!finite(value)) return '–';
  if (typeof kind === 'object') return formatMoney(value, kind.currency);
  switch (kind) {
    case 'count':
      return COUNT.format(value);
    case 'percent':
      return `${ONE_DECIMAL.format(value)}%`;
    case 'mean':
      return TWO_DECIMALS.format(value);
    case 'seconds':
      return formatSeconds(value);
  }
}

/** A change with its sign; percentages change by percentage points. */
function formatChange(kind: Kind, change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = Math.abs(change);
  if (kind === 'percent') return `${sign}${ONE_DECIMAL.format(size)} pts`;
  return `${sign}${format(kind, size)}`;
}

/* ------------------------------------------------------------------------------------------------------------
 * Text and HTML pieces.
 * ---------------------------------------------------------------------------------------------------------- */

/** At most `max` characters (whole code points, line breaks and controls as spaces), `…` when cut. */
function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/[\s\p{Cc}]+/gu, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

const NONE = '<span aria-hidden="true">–</span><span class="sr">none</span>';

function value(kind: Kind, figure: number | null): string {
  return finite(figure) ? html(format(kind, figure)) : NONE;
}

function change(kind: Kind, figure: Figure, better: Better): string {
  if (!finite(figure.change)) return `<span class="d">${NONE}</span>`;
  if (figure.change === 0) {
    return `<span class="d flat"><span aria-hidden="true">■ </span><span class="sr">no change, </span>${html(formatChange(kind, 0))}</span>`;
  }
  const up = figure.change > 0;
  const tone = better === 'neither' ? '' : (better === 'up') === up ? ' good' : ' bad';
  return `<span class="d ${up ? 'up' : 'down'}${tone}"><span aria-hidden="true">${up ? '▲' : '▼'} </span><span class="sr">${up ? 'up' : 'down'} </span>${html(formatChange(kind, figure.change))}</span>`;
}

interface FigureLine {
  readonly label: string;
  readonly figure: Figure;
  readonly kind: Kind;
  readonly better: Better;
}

const card = ({ label, figure, kind, better }: FigureLine) => `<li class="card">
<h3>${html(label)}</h3>
<p class="v">${value(kind, figure.value)}</p>
<p class="c">${change(kind, figure, better)}</p>
<p class="p">Previous period: ${value(kind, figure.previous)}</p>
</li>`;

/** A table whose first cell in each row is the row's header. `head` cells are HTML, like the row cells. */
function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric = true,
) {
  return `<div class="tw" tabindex="0" role="group" aria-label="${html(caption)}"><table class="t${numeric ? ' n' : ''}">
<caption>${html(caption)}</caption>
<thead><tr>${head.map((cell) => `<th scope="col">${cell}</th>`).join('')}</tr></thead>
<tbody>
${rows.map(([first, ...rest]) => `<tr><th scope="row">${first ?? ''}</th>${rest.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table></div>`;
}

function figuresTable(caption: string, lines: readonly FigureLine[]): string {
  return table(
    caption,
    ['Figure', 'This period', 'Previous period', 'Change'],
    lines.map((line) => [
      html(line.label),
      value(line.kind, line.figure.value),
      value(line.kind, line.figure.previous),
      change(line.kind, line.figure, line.better),
    ]),
  );
}

const moneyLines = (label: string, money: Money): FigureLine[] =>
  Object.entries(money).map(([currency, figure]) => ({
    label: `${label} (${clip(currency, 12)})`,
    figure,
    kind: { currency },
    better: 'up',
  }));

const NO_DATA = (what: string) =>
  `<p class="empty" role="note"><strong>No data for this period.</strong> ${html(what)}</p>`;

/* ------------------------------------------------------------------------------------------------------------
 * Charts: SVG drawn by hand. Every coordinate goes through `n`, so no NaN or Infinity can reach the markup.
 * ---------------------------------------------------------------------------------------------------------- */

const n = (coordinate: number) =>
  Number.isFinite(coordinate) ? String(Math.round(coordinate * 10) / 10) : '0';
const WIDTH = 880;

/** Round steps from 0 to at least `max`: 1, 2, 2.5 or 5 times a power of ten (whole numbers when `whole`). */
function ticks(max: number, whole: boolean, wanted = 4): number[] {
  if (!finite(max) || max <= 0) return [0, 1];
  const raw = max / wanted;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ?? raw;
  if (whole) step = Math.max(1, Math.ceil(step));
  const top = Math.ceil(max / step - 1e-9) * step;
  const result: number[] = [];
  for (let index = 0; index * step <= top + step / 2; index++) result.push(index * step);
  return result;
}

interface ChartFrame {
  readonly name: 'pipeline' | 'csat' | 'workload' | 'conversion';
  readonly title: string;
  readonly description: string;
  readonly height: number;
  readonly body: string;
}

function chart({ name, title, description, height, body }: ChartFrame): string {
  const id = `chart-${name}`;
  // On a narrow screen the chart scrolls sideways rather than shrinking its text out of legibility.
  return `<div class="cw" tabindex="0" role="group" aria-labelledby="${id}-title">
<svg class="chart" data-chart="${name}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${n(height)}" width="${WIDTH}" height="${n(height)}" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${html(title)}</title>
<desc id="${id}-desc">${html(description)}</desc>
${body}
</svg>
</div>`;
}

const text = (x: number, y: number, content: string, attributes = '') =>
  `<text x="${n(x)}" y="${n(y)}"${attributes}>${html(content)}</text>`;
const line = (x1: number, y1: number, x2: number, y2: number, kind: string) =>
  `<line class="${kind}" x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}"/>`;
const rect = (x: number, y: number, width: number, height: number, kind: string) =>
  `<rect class="${kind}" x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, width))}" height="${n(Math.max(0, height))}"/>`;
/** An axis title turned to run up the left edge. */
const verticalTitle = (x: number, y: number, content: string) =>
  text(x, y, content, ` class="at" text-anchor="middle" transform="rotate(-90 ${n(x)} ${n(y)})"`);

/** (a) Open amount per stage for next quarter, one panel per currency, each with its own scale. */
const MAX_CURRENCY_PANELS = 3;
function pipelineChart(report: Report): string {
  const { byStage, quarter } = report.sales.pipelineNextQuarter;
  const totals = new Map<string, number>();
  for (const stage of byStage) {
    for (const [currency, amount] of Object.entries(stage.amount)) {
      if (finite(amount) && amount > 0) totals.set(currency, (totals.get(currency) ?? 0) + 1);
    }
  }
  if (byStage.length === 0 || totals.size === 0) {
    return NO_DATA('No open deals with an amount are expected to close next quarter.');
  }
  // Most stages with an amount first; amounts in different currencies are never drawn on one scale.
  const currencies = [...totals.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency]) => currency);
  const shown = currencies.slice(0, MAX_CURRENCY_PANELS);
  const left = 84;
  const right = 16;
  const panelHeight = 250;
  const top = 30;
  const bottom = 54;
  const plotWidth = WIDTH - left - right;
  const plotHeight = panelHeight - top - bottom;
  const slot = plotWidth / byStage.length;
  const barWidth = Math.min(72, slot * 0.62);
  const labelChars = Math.max(3, Math.floor(slot / 7));
  const panels = shown.map((currency, index) => {
    const y0 = index * panelHeight;
    const amounts = byStage.map((stage) => {
      const amount = stage.amount[currency];
      return finite(amount) && amount > 0 ? amount : 0;
    });
    // Headroom above the tallest bar for its label.
    const scale = ticks(Math.max(...amounts) * 1.1, true);
    const max = scale[scale.length - 1] ?? 1;
    const y = (amount: number) => y0 + top + plotHeight - (amount / max) * plotHeight;
    const grid = scale
      .map(
        (tick) =>
          `${line(left, y(tick), WIDTH - right, y(tick), tick === 0 ? 'ax' : 'gr')}${text(left - 8, y(tick) + 4, formatMoney(tick, currency, true), ' class="lb" text-anchor="end"')}`,
      )
      .join('');
    const bars = byStage
      .map((stage, stageIndex) => {
        const amount = amounts[stageIndex] ?? 0;
        const centre = left + slot * stageIndex + slot / 2;
        const full = `${stage.stage}: ${formatMoney(amount, currency)}, ${format('count', stage.deals)} open deals in all currencies`;
        return `<g><title>${html(full)}</title>${rect(centre - barWidth / 2, y(amount), barWidth, y(0) - y(amount), 'b1')}${text(centre, y(amount) - 6, formatMoney(amount, currency, true), ' class="vl" text-anchor="middle"')}${text(centre, y0 + top + plotHeight + 18, clip(stage.stage, labelChars), ' class="lb" text-anchor="middle"')}${text(centre, y0 + top + plotHeight + 33, `${format('count', stage.deals)} deals`, ' class="lb sm" text-anchor="middle"')}</g>`;
      })
      .join('');
    const unit = currencyFormat(currency) === undefined ? ' (minor units)' : '';
    return `<g>${text(left, y0 + 18, `Amount in ${clip(currency, 12)}${unit}`, ' class="pt"')}${grid}${bars}${verticalTitle(16, y0 + top + plotHeight / 2, `Amount (${clip(currency, 12)})`)}${text(left + plotWidth / 2, y0 + panelHeight - 4, 'Stage (open deals in all currencies)', ' class="at" text-anchor="middle"')}</g>`;
  });
  const description = `${shown
    .map(
      (currency) =>
        `In ${currency}: ${byStage.map((stage) => `${stage.stage} ${formatMoney(stage.amount[currency] ?? 0, currency)}`).join(', ')}.`,
    )
    .join(
      ' ',
    )}${currencies.length > shown.length ? ` ${currencies.length - shown.length} more currencies are in the table.` : ''}`;
  const svg = chart({
    name: 'pipeline',
    title: `Open pipeline for ${quarter} by stage`,
    description,
    height: panelHeight * shown.length,
    body: panels.join('\n'),
  });
  const note =
    currencies.length > shown.length
      ? `<p class="note">The chart shows ${shown.length} of ${currencies.length} currencies; the table has them all.</p>`
      : '';
  return `${svg}${note}`;
}

/** (b) Share of satisfied answers per day, a gap for a day without answers, the answer count under each day. */
function csatChart(report: Report): string {
  const { trend, satisfiedPercent } = report.service.csat;
  const answered = trend.filter((day) => finite(day.satisfiedPercent) && day.answers > 0);
  if (trend.length === 0 || answered.length === 0) {
    return NO_DATA('No customer answered a satisfaction survey.');
  }
  const left = 56;
  const right = 16;
  const top = 34;
  const bottom = 64;
  const height = 300;
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const slot = plotWidth / trend.length;
  const barWidth = Math.max(3, Math.min(48, slot * 0.66));
  const y = (percent: number) => top + plotHeight - (Math.min(100, Math.max(0, percent)) / 100) * plotHeight;
  const short = trend.length <= 7;
  const grid = [0, 25, 50, 75, 100]
    .map(
      (tick) =>
        `${line(left, y(tick), WIDTH - right, y(tick), tick === 0 ? 'ax' : 'gr')}${text(left - 8, y(tick) + 4, `${tick}%`, ' class="lb" text-anchor="end"')}`,
    )
    .join('');
  const bars = trend
    .map((day, index) => {
      const centre = left + slot * index + slot / 2;
      const label = dayLabel(day.day, short);
      const count = text(
        centre,
        top + plotHeight + 32,
        format('count', day.answers),
        ' class="lb sm" text-anchor="middle"',
      );
      const dayText = text(centre, top + plotHeight + 16, label, ' class="lb" text-anchor="middle"');
      if (!finite(day.satisfiedPercent) || day.answers <= 0) {
        return `<g class="gap"><title>${html(`${day.day}: no answers`)}</title>${dayText}${count}</g>`;
      }
      const percent = day.satisfiedPercent;
      const full = `${day.day}: ${format('percent', percent)} satisfied of ${format('count', day.answers)} answers`;
      return `<g><title>${html(full)}</title>${rect(centre - barWidth / 2, y(percent), barWidth, y(0) - y(percent), 'b2')}${slot >= 18 ? text(centre, y(percent) - 4, String(Math.round(percent)), ' class="vl sm" text-anchor="middle"') : ''}${dayText}${count}</g>`;
    })
    .join('');
  const overall = finite(satisfiedPercent.value)
    ? `${line(left, y(satisfiedPercent.value), WIDTH - right, y(satisfiedPercent.value), 'ref')}${line(left, 12, left + 28, 12, 'ref')}${text(left + 36, 16, `Whole period: ${format('percent', satisfiedPercent.value)} satisfied`, ' class="ref-l"')}`
    : '';
  const axes = `${verticalTitle(16, top + plotHeight / 2, 'Satisfied answers (%)')}${text(left - 8, top + plotHeight + 32, 'n =', ' class="lb sm" text-anchor="end"')}${text(left + plotWidth / 2, height - 6, 'Day (UTC); n = answers that day', ' class="at" text-anchor="middle"')}`;
  const best = answered.reduce((a, b) => ((b.satisfiedPercent ?? 0) > (a.satisfiedPercent ?? 0) ? b : a));
  const worst = answered.reduce((a, b) => ((b.satisfiedPercent ?? 0) < (a.satisfiedPercent ?? 0) ? b : a));
  const description = `${answered.length} of ${trend.length} days had answers${finite(satisfiedPercent.value) ? `; ${format('percent', satisfiedPercent.value)} satisfied over the period` : ''}. Highest ${format('percent', best.satisfiedPercent ?? 0)} on ${best.day} (${format('count', best.answers)} answers), lowest ${format('percent', worst.satisfiedPercent ?? 0)} on ${worst.day} (${format('count', worst.answers)} answers). Every day is in the table below the chart.`;
  return chart({
    name: 'csat',
    title: 'Satisfied customers per day',
    description,
    height,
    body: `${grid}${overall}${bars}${axes}`,
  });
}

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
function dayLabel(day: string, long: boolean): string {
  const date = parseDay(day);
  if (date === undefined) return clip(day, 5);
  return long ? WEEKDAY.format(date) : String(date.getUTCDate());
}

/** (c) Open tasks and open tickets per person, most loaded first. */
function workloadChart(report: Report): string {
  const people = [...report.workload]
    .map((person) => ({
      id: person.assigneeId,
      tasks: finite(person.openTasks) ? Math.max(0, person.openTasks) : 0,
      tickets: finite(person.openTickets) ? Math.max(0, person.openTickets) : 0,
    }))
    .sort((a, b) => b.tasks + b.tickets - (a.tasks + a.tickets) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (people.length === 0 || people.every((person) => person.tasks + person.tickets === 0)) {
    return NO_DATA('Nobody has open tasks or open tickets.');
  }
  const left = 170;
  const right = 48;
  const top = 40;
  const bottom = 48;
  const row = 42;
  const bar = 15;
  const plotWidth = WIDTH - left - right;
  const plotHeight = row * people.length;
  const height = top + plotHeight + bottom;
  const scale = ticks(Math.max(...people.map((person) => Math.max(person.tasks, person.tickets))), true);
  const max = scale[scale.length - 1] ?? 1;
  const x = (count: number) => left + (count / max) * plotWidth;
  const legend = `${rect(left, 12, 12, 12, 'b1')}${text(left + 18, 22, 'Open tasks', ' class="lb"')}${rect(left + 120, 12, 12, 12, 'b3')}${text(left + 138, 22, 'Open tickets', ' class="lb"')}`;
  const grid = scale
    .map(
      (tick) =>
        `${line(x(tick), top, x(tick), top + plotHeight, tick === 0 ? 'ax' : 'gr')}${text(x(tick), top + plotHeight + 16, format('count', tick), ' class="lb" text-anchor="middle"')}`,
    )
    .join('');
  const bars = people
    .map((person, index) => {
      const y = top + index * row + (row - 2 * bar - 2) / 2;
      const full = `${person.id}: ${format('count', person.tasks)} open tasks, ${format('count', person.tickets)} open tickets`;
      return `<g><title>${html(full)}</title>${text(left - 10, y + bar + 5, clip(person.id, 24), ' class="lb" text-anchor="end"')}${rect(left, y, x(person.tasks) - left, bar, 'b1')}${text(x(person.tasks) + 5, y + bar - 3, format('count', person.tasks), ' class="vl sm"')}${rect(left, y + bar + 2, x(person.tickets) - left, bar, 'b3')}${text(x(person.tickets) + 5, y + 2 * bar - 1, format('count', person.tickets), ' class="vl sm"')}</g>`;
    })
    .join('');
  const axes = `${text(left + plotWidth / 2, height - 8, 'Open items', ' class="at" text-anchor="middle"')}${text(16, top - 8, 'Person', ' class="at"')}`;
  const description = people
    .map(
      (person) =>
        `${person.id}: ${format('count', person.tasks)} open tasks, ${format('count', person.tickets)} open tickets`,
    )
    .join('; ');
  return chart({
    name: 'workload',
    title: 'Open tasks and open tickets per person',
    description: `${description}.`,
    height,
    body: `${legend}${grid}${bars}${axes}`,
  });
}

/** (d) Conversion per owner, with the deals won and lost behind it; owners without closed deals last. */
function conversionChart(report: Report): string {
  const owners = [...report.sales.byOwner].sort((a, b) => {
    const rateA = finite(a.conversionRate.value) ? a.conversionRate.value : -1;
    const rateB = finite(b.conversionRate.value) ? b.conversionRate.value : -1;
    return rateB - rateA || (a.ownerId < b.ownerId ? -1 : a.ownerId > b.ownerId ? 1 : 0);
  });
  if (owners.length === 0 || owners.every((owner) => !finite(owner.conversionRate.value))) {
    return NO_DATA('No owner closed a deal.');
  }
  const left = 170;
  const right = 170;
  const top = 16;
  const bottom = 48;
  const row = 30;
  const bar = 18;
  const plotWidth = WIDTH - left - right;
  const plotHeight = row * owners.length;
  const height = top + plotHeight + bottom;
  const x = (percent: number) => left + (Math.min(100, Math.max(0, percent)) / 100) * plotWidth;
  const grid = [0, 25, 50, 75, 100]
    .map(
      (tick) =>
        `${line(x(tick), top, x(tick), top + plotHeight, tick === 0 ? 'ax' : 'gr')}${text(x(tick), top + plotHeight + 16, `${tick}%`, ' class="lb" text-anchor="middle"')}`,
    )
    .join('');
  const bars = owners
    .map((owner, index) => {
      const y = top + index * row + (row - bar) / 2;
      const rate = owner.conversionRate.value;
      const counts = `won ${countOrDash(owner.won.value)} / lost ${countOrDash(owner.lost.value)}`;
      const label = text(left - 10, y + bar - 5, clip(owner.ownerId, 24), ' class="lb" text-anchor="end"');
      if (!finite(rate)) {
        return `<g class="gap"><title>${html(`${owner.ownerId}: no closed deals`)}</title>${label}${text(left + 6, y + bar - 5, `no closed deals (${counts})`, ' class="lb sm"')}</g>`;
      }
      const full = `${owner.ownerId}: ${format('percent', rate)} conversion, ${counts}`;
      return `<g><title>${html(full)}</title>${label}${rect(left, y, x(rate) - left, bar, 'b4')}${text(x(rate) + 6, y + bar - 5, `${format('percent', rate)}  (${counts})`, ' class="vl sm"')}</g>`;
    })
    .join('');
  const axes = text(
    left + plotWidth / 2,
    height - 8,
    'Conversion: deals won ÷ deals closed (%)',
    ' class="at" text-anchor="middle"',
  );
  const description = owners
    .map(
      (owner) =>
        `${owner.ownerId}: ${finite(owner.conversionRate.value) ? format('percent', owner.conversionRate.value) : 'no closed deals'} (won ${countOrDash(owner.won.value)}, lost ${countOrDash(owner.lost.value)})`,
    )
    .join('; ');
  return chart({
    name: 'conversion',
    title: 'Conversion by owner',
    description: `${description}.`,
    height,
    body: `${grid}${bars}${axes}`,
  });
}

const countOrDash = (count: number | null) => (finite(count) ? format('count', count) : '–');

/* ------------------------------------------------------------------------------------------------------------
 * Dates.
 * ---------------------------------------------------------------------------------------------------------- */

function parseDay(day: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const LONG_DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const WHEN = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** `start` inclusive to `end` exclusive, as people say it (“1 – 30 November 2026”). */
function range(start: string, end: string): string {
  const from = parseDay(start);
  const to = parseDay(end);
  if (from === undefined || to === undefined || to <= from) return `${start} to ${end} (exclusive)`;
  return LONG_DAY.formatRange(from, new Date(to.getTime() - 86_400_000));
}

function periodName(report: Report): string {
  const start = parseDay(report.start);
  if (report.period === 'month' && start !== undefined) return MONTH.format(start);
  return range(report.start, report.end);
}

function generated(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : `${WHEN.format(date)} UTC`;
}

const PERIOD_TITLES: Record<string, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };

/* ------------------------------------------------------------------------------------------------------------
 * Sections.
 * ---------------------------------------------------------------------------------------------------------- */

function headline(report: Report): string {
  const { sales, service, accounts } = report;
  const cards = [
    card({ label: 'Deals won', figure: sales.dealsWon, kind: 'count', better: 'up' }),
    revenueCard(sales.revenue),
    card({ label: 'Conversion rate', figure: sales.conversionRate, kind: 'percent', better: 'up' }),
    card({ label: 'Deals opened', figure: sales.dealsOpened, kind: 'count', better: 'up' }),
    card({ label: 'Tickets resolved', figure: service.ticketsResolved, kind: 'count', better: 'up' }),
    card({ label: 'Resolution rate', figure: service.resolutionRate, kind: 'percent', better: 'up' }),
    card({
      label: 'Satisfied customers',
      figure: service.csat.satisfiedPercent,
      kind: 'percent',
      better: 'up',
    }),
    card({ label: 'New accounts', figure: accounts.created, kind: 'count', better: 'up' }),
  ];
  return `<section aria-labelledby="s-headline">
<h2 id="s-headline">Headline figures</h2>
<ul class="cards">
${cards.join('\n')}
</ul>
</section>`;
}

/** Revenue in one card: a line per currency (amounts in different currencies are never added up). */
const REVENUE_CARD_CURRENCIES = 3;
function revenueCard(revenue: Money): string {
  const entries = Object.entries(revenue);
  const [only] = entries;
  if (only === undefined) {
    return card({
      label: 'Revenue',
      figure: { value: null, previous: null, change: null },
      kind: 'count',
      better: 'up',
    });
  }
  if (entries.length === 1) {
    const [currency, figure] = only;
    return card({ label: `Revenue (${clip(currency, 12)})`, figure, kind: { currency }, better: 'up' });
  }
  const lines = entries.slice(0, REVENUE_CARD_CURRENCIES).map(
    ([currency, figure]) => `<p class="v s">${value({ currency }, figure.value)}</p>
<p class="c">${change({ currency }, figure, 'up')} <span class="p">from ${value({ currency }, figure.previous)}</span></p>`,
  );
  const more =
    entries.length > REVENUE_CARD_CURRENCIES
      ? `<p class="p">${entries.length - REVENUE_CARD_CURRENCIES} more currencies under Sales.</p>`
      : '';
  return `<li class="card">
<h3>Revenue</h3>
${lines.join('\n')}
${more}
</li>`;
}

function ownerRevenue(owner: OwnerFigures): string {
  const entries = Object.entries(owner.revenue);
  if (entries.length === 0) return NONE;
  return entries
    .map(
      ([currency, figure]) =>
        `<span class="m">${value({ currency }, figure.value)} ${change({ currency }, figure, 'up')}</span>`,
    )
    .join('');
}

function sales(report: Report): string {
  const { sales: figures } = report;
  const { pipelineNextQuarter: pipeline } = figures;
  const summary = figuresTable('Sales figures', [
    { label: 'Deals opened', figure: figures.dealsOpened, kind: 'count', better: 'up' },
    { label: 'Deals won', figure: figures.dealsWon, kind: 'count', better: 'up' },
    { label: 'Deals lost', figure: figures.dealsLost, kind: 'count', better: 'down' },
    {
      label: 'Conversion rate (won ÷ closed)',
      figure: figures.conversionRate,
      kind: 'percent',
      better: 'up',
    },
    { label: 'Sales volume (deals won)', figure: figures.salesVolume, kind: 'count', better: 'up' },
    ...moneyLines('Revenue', figures.revenue),
  ]);
  const cell = (kind: Kind, figure: Figure, better: Better) =>
    finite(figure.value) ? `${value(kind, figure.value)} ${change(kind, figure, better)}` : NONE;
  const byOwner =
    figures.byOwner.length === 0
      ? NO_DATA('No owner opened or closed a deal.')
      : table(
          'Deals and revenue by owner (change against the previous period)',
          ['Owner', 'Opened', 'Won', 'Lost', 'Conversion', 'Revenue'],
          figures.byOwner.map((owner) => [
            html(owner.ownerId),
            cell('count', owner.opened, 'up'),
            cell('count', owner.won, 'up'),
            cell('count', owner.lost, 'down'),
            cell('percent', owner.conversionRate, 'up'),
            ownerRevenue(owner),
          ]),
        );
  const currencies = [...new Set(pipeline.byStage.flatMap((stage) => Object.keys(stage.amount)))];
  const before = report.statesBefore;
  const pipelineTable =
    pipeline.byStage.length === 0
      ? ''
      : table(
          `Open deals expected to close in ${pipeline.quarter}, by stage`,
          [
            'Stage',
            'Open deals',
            ...(before === null ? [] : ['At the previous report']),
            ...currencies.map((currency) => `Amount (${html(clip(currency, 12))})`),
          ],
          pipeline.byStage.map((stage) => [
            html(stage.stage),
            value('count', stage.deals),
            ...(before === null
              ? []
              : [value('count', before.pipeline.find((entry) => entry.stage === stage.stage)?.deals ?? 0)]),
            ...currencies.map((currency) => value({ currency }, stage.amount[currency] ?? 0)),
          ]),
        );
  return `<section aria-labelledby="s-sales">
<h2 id="s-sales">Sales</h2>
${summary}
<h3>By owner</h3>
${byOwner}
<figure>
<figcaption><h3>Conversion by owner</h3></figcaption>
${conversionChart(report)}
</figure>
<figure>
<figcaption><h3>Pipeline for next quarter</h3><p class="note">Open deals expected to close in ${html(pipeline.quarter)} (${html(pipeline.from)} to ${html(pipeline.to)}).</p></figcaption>
${pipelineChart(report)}
${pipelineTable}
</figure>
</section>`;
}

function service(report: Report): string {
  const { service: figures } = report;
  const { csat } = figures;
  const summary = figuresTable('Service figures', [
    { label: 'Tickets opened', figure: figures.ticketsOpened, kind: 'count', better: 'neither' },
    { label: 'Tickets resolved', figure: figures.ticketsResolved, kind: 'count', better: 'up' },
    {
      label: 'Resolution rate (resolved ÷ opened)',
      figure: figures.resolutionRate,
      kind: 'percent',
      better: 'up',
    },
    {
      label: 'First-contact resolution',
      figure: figures.firstContactResolution,
      kind: 'percent',
      better: 'up',
    },
    { label: 'Service interactions', figure: figures.serviceInteractions, kind: 'count', better: 'neither' },
    {
      label: 'Average handling time',
      figure: figures.averageHandlingSeconds,
      kind: 'seconds',
      better: 'down',
    },
  ]);
  const satisfaction = figuresTable('Customer satisfaction (CSAT)', [
    { label: 'Survey answers', figure: csat.answers, kind: 'count', better: 'up' },
    { label: 'Satisfied (score 4 or 5)', figure: csat.satisfiedPercent, kind: 'percent', better: 'up' },
    { label: 'Mean score (1–5)', figure: csat.meanScore, kind: 'mean', better: 'up' },
    ...(['5', '4', '3', '2', '1'] as const).map(
      (score): FigureLine => ({
        label: `Answers scoring ${score}`,
        figure: csat.byScore[score],
        kind: 'count',
        better: score >= '4' ? 'up' : score === '3' ? 'neither' : 'down',
      }),
    ),
  ]);
  const daily = csat.trend.every((day) => !(day.answers > 0))
    ? ''
    : `<details><summary>Answers per day</summary>
${table(
  'Survey answers and satisfied share per day',
  ['Day', 'Answers', 'Satisfied'],
  csat.trend.map((day) => [
    html(day.day),
    value('count', day.answers),
    value('percent', day.satisfiedPercent),
  ]),
)}
</details>`;
  return `<section aria-labelledby="s-service">
<h2 id="s-service">Service</h2>
${summary}
<figure>
<figcaption><h3>Customer satisfaction per day</h3><p class="note">Share of survey answers scoring 4 or 5; days without answers are left empty.</p></figcaption>
${csatChart(report)}
${daily}
</figure>
${satisfaction}
</section>`;
}

function workload(report: Report): string {
  return `<section aria-labelledby="s-workload">
<h2 id="s-workload">Workload</h2>
<figure>
<figcaption><h3>Open work per person</h3><p class="note">Open tasks and open tickets (new, open, pending) when the report was made.</p></figcaption>
${workloadChart(report)}
</figure>
</section>`;
}

function accounts(report: Report): string {
  const { accounts: figures } = report;
  const created = figuresTable('New accounts', [
    { label: 'Accounts created', figure: figures.created, kind: 'count', better: 'up' },
    ...Object.entries(figures.createdBy).map(
      ([key, figure]): FigureLine => ({ label: `Created: ${key}`, figure, kind: 'count', better: 'up' }),
    ),
  ]);
  const relationships = [...new Set(figures.counts.map((count) => count.relationship))];
  const audiences = [...new Set(figures.counts.map((count) => count.audience))];
  const countOf = (relationship: string, audience: string) =>
    figures.counts
      .filter((count) => count.relationship === relationship && count.audience === audience)
      .reduce((sum, count) => sum + (finite(count.count) ? count.count : 0), 0);
  const counts =
    figures.counts.length === 0
      ? NO_DATA('There are no accounts yet.')
      : table(
          'All accounts now, by relationship and audience',
          ['Relationship', ...audiences.map((audience) => html(audience)), 'Total'],
          relationships.map((relationship) => [
            html(relationship),
            ...audiences.map((audience) => value('count', countOf(relationship, audience))),
            value(
              'count',
              audiences.reduce((sum, audience) => sum + countOf(relationship, audience), 0),
            ),
          ]),
        );
  const funnel =
    figures.funnel.length === 0
      ? NO_DATA('No lifecycle stages to show.')
      : table(
          'Lifecycle funnel: accounts now, and how many entered each stage in the period',
          [
            'Stage',
            'Accounts now',
            ...(report.statesBefore === null ? [] : ['At the previous report']),
            'Entered',
            'Entered before',
            'Change',
          ],
          figures.funnel.map((stage) => [
            html(stage.stage),
            value('count', stage.accounts),
            ...(report.statesBefore === null
              ? []
              : [
                  value(
                    'count',
                    report.statesBefore.funnel.find((entry) => entry.stage === stage.stage)?.accounts ?? 0,
                  ),
                ]),
            value('count', stage.entered.value),
            value('count', stage.entered.previous),
            change('count', stage.entered, 'up'),
          ]),
        );
  return `<section aria-labelledby="s-accounts">
<h2 id="s-accounts">Accounts</h2>
${created}
${counts}
${funnel}
</section>`;
}

/* ------------------------------------------------------------------------------------------------------------
 * The page.
 * ---------------------------------------------------------------------------------------------------------- */

const STYLE = `:root{color-scheme:light;--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--good:#1a7f37;--bad:#b3261e}
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#eef1f4;margin:0;padding:1.5rem 1rem}
main{max-width:62rem;margin:0 auto}header{margin:0 0 1.25rem}h1{font-size:1.7rem;line-height:1.2;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:0 0 .75rem;padding-bottom:.35rem;border-bottom:2px solid #1a5fb4}h3{font-size:1rem;margin:1.25rem 0 .4rem}
.meta{color:var(--muted);margin:0}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1.1rem 1.25rem 1.25rem;margin:0 0 1.25rem}
.cards{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.75rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.7rem .85rem;background:var(--soft)}
.card h3{font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:0;overflow-wrap:anywhere}
.card p{margin:0}.card .v{font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums;line-height:1.3;margin-top:.15rem;overflow-wrap:break-word}
.card .v.s{font-size:1.15rem}.card .c .p{font-weight:400}
.card .p{font-size:.8rem;color:var(--muted)}
.d{font-size:.85em;font-weight:600;white-space:nowrap;color:var(--muted);font-variant-numeric:tabular-nums}.d.good{color:var(--good)}.d.bad{color:var(--bad)}
.t{width:100%;min-width:32rem;border-collapse:collapse;margin:.25rem 0 1rem;font-size:.92rem}.t tbody th{min-width:8rem}
.t caption{text-align:left;font-weight:600;padding:0 0 .35rem;caption-side:top}
.t th,.t td{padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
.t thead th{border-bottom:2px solid var(--ink);font-size:.85rem;text-align:left;overflow-wrap:normal}.t tbody th{text-align:left;font-weight:500}
.t.n td,.t.n thead th:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}.t .m{display:block}
figure{margin:1rem 0 0}figcaption h3{margin:0}.note{color:var(--muted);font-size:.88rem;margin:.1rem 0 .5rem}
.cw,.tw{overflow-x:auto;position:relative}.cw{margin:.25rem 0 .75rem}.chart{display:block;width:100%;min-width:560px;height:auto;max-width:${WIDTH}px}
.chart text{font-size:12px;fill:var(--ink);font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.chart .lb{fill:#444c56}.chart .sm{font-size:10.5px}.chart .vl{font-weight:600}.chart .at{font-size:11.5px;fill:var(--muted);font-style:italic}
.chart .pt{font-weight:700;font-size:13px}.chart .gap text.sm{fill:#8c959f}
.chart .ax{stroke:#57606a;stroke-width:1}.chart .gr{stroke:#d8dee4;stroke-width:1;stroke-dasharray:3 3}
.chart .ref{stroke:#a3470f;stroke-width:1.5;stroke-dasharray:6 4}.chart .ref-l{fill:#a3470f;font-size:11px;font-weight:600}
.b1{fill:#1a5fb4}.b2{fill:#26a269}.b3{fill:#e66100}.b4{fill:#5e3f9e}
.empty{border:1px dashed var(--line);border-radius:6px;padding:1rem;color:var(--muted);background:var(--soft);margin:.25rem 0 1rem}
.empty strong{color:var(--ink)}details{margin:0 0 1rem}summary{cursor:pointer;color:#1a5fb4;font-weight:600}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
footer{color:var(--muted);font-size:.85rem}
@media print{@page{size:A4;margin:12mm}html{font-size:13px}body{background:#fff;padding:0;font-size:13px}.cards{grid-template-columns:repeat(4,1fr)}section{border:0;padding:0;margin:0 0 1rem}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}figure,.card,.t tr{break-inside:avoid}h2,h3{break-after:avoid}details{display:none}}`;

export function reportPage(report: Report): string {
  const period = periodName(report);
  const kind = PERIOD_TITLES[report.period] ?? 'Period';
  const title = `${kind} report: ${period}`;
  const body = `<header>
<h1>${html(title)}</h1>
<p class="meta">${html(range(report.start, report.end))}, compared with ${html(range(report.previousStart, report.start))}. Generated ${html(generated(report.generatedAt))}.</p>
</header>
${headline(report)}
${sales(report)}
${service(report)}
${workload(report)}
${accounts(report)}
<footer><p>Report ${html(report.id)}. Days are UTC days. Changes compare with the previous period of the same length; percentages change by percentage points. Amounts in a currency code without a known ISO 4217 exponent are shown in minor units.</p></footer>`;
  return page(`${title} · Clientele`, body, STYLE);
}
