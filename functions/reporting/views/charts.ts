// The report's charts as SVG drawn by hand (pipeline, satisfaction, workload, conversion, quota attainment),
// each with a title and a description for screen readers, or a note in place of a chart with nothing to draw.

import { escapeHtml as html } from '../../platform/page.ts';
import type { Report } from '../report.ts';
import {
  approximately,
  clip,
  currencyFormat,
  dayLabel,
  finite,
  format,
  formatMoney,
  NO_DATA,
  peopleOf,
} from './format.ts';

/* ------------------------------------------------------------------------------------------------------------
 * Charts: SVG drawn by hand. Every coordinate goes through `n`, so no NaN or Infinity can reach the markup.
 * ---------------------------------------------------------------------------------------------------------- */

const n = (coordinate: number) =>
  Number.isFinite(coordinate) ? String(Math.round(coordinate * 10) / 10) : '0';
/** The width the charts are drawn at (px), and the widest the page shows them. */
export const CHART_WIDTH = 880;

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
  readonly name: 'pipeline' | 'csat' | 'workload' | 'conversion' | 'quota';
  readonly title: string;
  readonly description: string;
  readonly height: number;
  readonly body: string;
}

function chart({ name, title, description, height, body }: ChartFrame): string {
  const id = `chart-${name}`;
  // On a narrow screen the chart scrolls sideways rather than shrinking its text out of legibility.
  return `<div class="cw" tabindex="0" role="group" aria-labelledby="${id}-title">
<svg class="chart" data-chart="${name}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${CHART_WIDTH} ${n(height)}" width="${CHART_WIDTH}" height="${n(height)}" xmlns="http://www.w3.org/2000/svg">
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
export function pipelineChart(report: Report): string {
  const { byStage, quarter } = report.sales.pipelineNextQuarter;
  const totals = new Map<string, number>();
  for (const stage of byStage) {
    for (const [currency, amount] of Object.entries(stage.amount)) {
      if ((approximately(amount) ?? 0) > 0) totals.set(currency, (totals.get(currency) ?? 0) + 1);
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
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = panelHeight - top - bottom;
  const slot = plotWidth / byStage.length;
  const barWidth = Math.min(72, slot * 0.62);
  const labelChars = Math.max(3, Math.floor(slot / 7));
  const panels = shown.map((currency, index) => {
    const y0 = index * panelHeight;
    // Heights from the amounts as numbers; every label from the exact amount.
    const exact = byStage.map((stage) => {
      const amount = stage.amount[currency];
      return (approximately(amount) ?? 0) > 0 && amount !== undefined ? amount : 0;
    });
    const amounts = exact.map((amount) => approximately(amount) ?? 0);
    // Headroom above the tallest bar for its label.
    const scale = ticks(Math.max(...amounts) * 1.1, true);
    const max = scale[scale.length - 1] ?? 1;
    const y = (amount: number) => y0 + top + plotHeight - (amount / max) * plotHeight;
    const grid = scale
      .map(
        (tick) =>
          `${line(left, y(tick), CHART_WIDTH - right, y(tick), tick === 0 ? 'ax' : 'gr')}${text(left - 8, y(tick) + 4, formatMoney(tick, currency, true), ' class="lb" text-anchor="end"')}`,
      )
      .join('');
    const bars = byStage
      .map((stage, stageIndex) => {
        const amount = amounts[stageIndex] ?? 0;
        const stated = exact[stageIndex] ?? 0;
        const centre = left + slot * stageIndex + slot / 2;
        const full = `${stage.stage}: ${formatMoney(stated, currency)}, ${format('count', stage.deals)} open deals in all currencies`;
        return `<g><title>${html(full)}</title>${rect(centre - barWidth / 2, y(amount), barWidth, y(0) - y(amount), 'b1')}${text(centre, y(amount) - 6, formatMoney(stated, currency, true), ' class="vl" text-anchor="middle"')}${text(centre, y0 + top + plotHeight + 18, clip(stage.stage, labelChars), ' class="lb" text-anchor="middle"')}${text(centre, y0 + top + plotHeight + 33, `${format('count', stage.deals)} deals`, ' class="lb sm" text-anchor="middle"')}</g>`;
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
export function csatChart(report: Report): string {
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
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const slot = plotWidth / trend.length;
  const barWidth = Math.max(3, Math.min(48, slot * 0.66));
  const y = (percent: number) => top + plotHeight - (Math.min(100, Math.max(0, percent)) / 100) * plotHeight;
  const short = trend.length <= 7;
  const grid = [0, 25, 50, 75, 100]
    .map(
      (tick) =>
        `${line(left, y(tick), CHART_WIDTH - right, y(tick), tick === 0 ? 'ax' : 'gr')}${text(left - 8, y(tick) + 4, `${tick}%`, ' class="lb" text-anchor="end"')}`,
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
    ? `${line(left, y(satisfiedPercent.value), CHART_WIDTH - right, y(satisfiedPercent.value), 'ref')}${line(left, 12, left + 28, 12, 'ref')}${text(left + 36, 16, `Whole period: ${format('percent', satisfiedPercent.value)} satisfied`, ' class="ref-l"')}`
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

/** (c) Open tasks and open tickets per person, most loaded first. */
export function workloadChart(report: Report): string {
  const nameOf = peopleOf(report);
  const people = [...report.workload]
    .map((person) => ({
      id: nameOf(person.assigneeId),
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
  const plotWidth = CHART_WIDTH - left - right;
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
export function conversionChart(report: Report): string {
  const ownerName = peopleOf(report);
  const owners = [...report.sales.byOwner].sort((a, b) => {
    const rateA = finite(a.conversionRate.value) ? a.conversionRate.value : -1;
    const rateB = finite(b.conversionRate.value) ? b.conversionRate.value : -1;
    const [nameA, nameB] = [ownerName(a.ownerId), ownerName(b.ownerId)];
    return rateB - rateA || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
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
  const plotWidth = CHART_WIDTH - left - right;
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
      const name = ownerName(owner.ownerId);
      const label = text(left - 10, y + bar - 5, clip(name, 24), ' class="lb" text-anchor="end"');
      if (!finite(rate)) {
        return `<g class="gap"><title>${html(`${name}: no closed deals`)}</title>${label}${text(left + 6, y + bar - 5, `no closed deals (${counts})`, ' class="lb sm"')}</g>`;
      }
      const full = `${name}: ${format('percent', rate)} conversion, ${counts}`;
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
        `${ownerName(owner.ownerId)}: ${finite(owner.conversionRate.value) ? format('percent', owner.conversionRate.value) : 'no closed deals'} (won ${countOrDash(owner.won.value)}, lost ${countOrDash(owner.lost.value)})`,
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

/**
 * (e) Quota attainment: won ÷ quota per owner and currency, then the team's, against a line at 100 %. The
 * scale reaches past 100 % when someone did (up to 300 %; a bar beyond ends in an arrow and says its figure).
 */
const MAX_ATTAINMENT_SHOWN = 300;
export function quotaChart(report: Report): string {
  const nameOf = peopleOf(report);
  const { byOwner, team } = report.sales.quotaAttainment;
  const rows = [
    ...byOwner.map((row) => ({ label: `${nameOf(row.ownerId)} (${row.currency})`, row })),
    ...team.map((row) => ({ label: `Team (${row.currency})`, row })),
  ].filter(({ row }) => row.target !== null);
  if (rows.length === 0) return NO_DATA('No quota was set for this period.');
  const left = 200;
  const right = 150;
  const top = 16;
  const bottom = 48;
  const row = 30;
  const bar = 18;
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = row * rows.length;
  const height = top + plotHeight + bottom;
  const highest = Math.max(100, ...rows.map(({ row }) => row.attainment.value ?? 0));
  const scale = ticks(Math.min(MAX_ATTAINMENT_SHOWN, highest), true);
  const max = scale[scale.length - 1] ?? 100;
  const x = (percent: number) => left + (Math.min(max, Math.max(0, percent)) / max) * plotWidth;
  const grid = scale
    .map(
      (tick) =>
        `${line(x(tick), top, x(tick), top + plotHeight, tick === 0 ? 'ax' : 'gr')}${text(x(tick), top + plotHeight + 16, `${tick}%`, ' class="lb" text-anchor="middle"')}`,
    )
    .join('');
  const target = `${line(x(100), top - 6, x(100), top + plotHeight, 'ref')}`;
  const describe = ({ label, row: figures }: (typeof rows)[number]) =>
    `${label}: ${finite(figures.attainment.value) ? format('percent', figures.attainment.value) : 'no quota'} of ${formatMoney(figures.target ?? 0, figures.currency)} (won ${formatMoney(figures.won.value ?? 0, figures.currency)})`;
  const bars = rows
    .map((entry, index) => {
      const y = top + index * row + (row - bar) / 2;
      const percent = entry.row.attainment.value ?? 0;
      const kind = entry.row.ownerId === null ? 'b2' : 'b1';
      const beyond = percent > max ? '…' : '';
      return `<g><title>${html(describe(entry))}</title>${text(left - 10, y + bar - 5, clip(entry.label, 30), ' class="lb" text-anchor="end"')}${rect(left, y, x(percent) - left, bar, kind)}${text(x(percent) + 6, y + bar - 5, `${format('percent', percent)}${beyond}`, ' class="vl sm"')}</g>`;
    })
    .join('');
  const axes = text(
    left + plotWidth / 2,
    height - 8,
    'Quota attainment: revenue won ÷ quota (%); the dashed line is 100 %',
    ' class="at" text-anchor="middle"',
  );
  return chart({
    name: 'quota',
    title: 'Quota attainment by owner and for the team',
    description: `${rows.map(describe).join('; ')}.`,
    height,
    body: `${grid}${bars}${target}${axes}`,
  });
}
