// The report page's sections (headline cards, sales, billing, service, workload, accounts) and the cards and tables
// they are made of.

import { escapeHtml as html } from '../../platform/page.ts';
import type { BillFigures, Figure, Money, MoneyFigure, OwnerFigures, Report } from '../report.ts';
import { conversionChart, csatChart, pipelineChart, quotaChart, workloadChart } from './charts.ts';
import { type Better, change, clip, finite, type Kind, NO_DATA, NONE, peopleOf, value } from './format.ts';

/* ------------------------------------------------------------------------------------------------------------
 * Cards and tables.
 * ---------------------------------------------------------------------------------------------------------- */

interface FigureLine {
  readonly label: string;
  readonly figure: Figure | MoneyFigure;
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

const ENGAGEMENT_LABELS = { standard: 'Standard products', tailored: 'Tailored work' } as const;

/* ------------------------------------------------------------------------------------------------------------
 * Sections.
 * ---------------------------------------------------------------------------------------------------------- */

export function headlineSection(report: Report): string {
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

const ownerRevenue = (owner: OwnerFigures): string => moneyCell(owner.revenue);

/** Amounts per currency in one cell, each with its change; a dash without any. */
function moneyCell(money: Money): string {
  const entries = Object.entries(money);
  if (entries.length === 0) return NONE;
  return entries
    .map(
      ([currency, figure]) =>
        `<span class="m">${value({ currency }, figure.value)} ${change({ currency }, figure, 'up')}</span>`,
    )
    .join('');
}

export function salesSection(report: Report): string {
  const { sales: figures } = report;
  const ownerName = peopleOf(report);
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
            html(ownerName(owner.ownerId)),
            cell('count', owner.opened, 'up'),
            cell('count', owner.won, 'up'),
            cell('count', owner.lost, 'down'),
            cell('percent', owner.conversionRate, 'up'),
            ownerRevenue(owner),
          ]),
        );
  const quotas = [
    ...figures.quotaAttainment.byOwner.map((row) => ({ name: ownerName(row.ownerId), row })),
    ...figures.quotaAttainment.team.map((row) => ({ name: 'Team', row })),
  ];
  const quotaTable =
    quotas.length === 0
      ? NO_DATA(
          'No quota was set for this period or the previous one (PUT /quotas/{ownerId}/{period}/{start}).',
        )
      : table(
          'Quota attainment: revenue won against the quota, per owner and currency, and for the team',
          ['Owner', 'Currency', 'Quota', 'Won', 'Attainment', 'Previous quota', 'Previous attainment'],
          quotas.map(({ name, row }) => [
            html(name),
            html(clip(row.currency, 12)),
            value({ currency: row.currency }, row.target),
            value({ currency: row.currency }, row.won.value),
            cell('percent', row.attainment, 'up'),
            value({ currency: row.currency }, row.previousTarget),
            value('percent', row.attainment.previous),
          ]),
        );
  const engagements = table(
    'Deals won and revenue by engagement type (change against the previous period)',
    ['Engagement', 'Won', 'Revenue'],
    figures.byEngagement.map((engagement) => [
      html(ENGAGEMENT_LABELS[engagement.engagementType]),
      cell('count', engagement.won, 'up'),
      moneyCell(engagement.revenue),
    ]),
  );
  const audienceLabel = { external: 'External buyers', internal: 'Internal (other departments)' } as const;
  const audiences = table(
    'Deals won and revenue by buyer, external or internal (change against the previous period)',
    ['Buyer', 'Won', 'Revenue'],
    figures.byAudience.map((audience) => [
      html(audienceLabel[audience.audience]),
      cell('count', audience.won, 'up'),
      moneyCell(audience.revenue),
    ]),
  );
  const lost =
    figures.lostReasons.length === 0
      ? NO_DATA('No deal was lost.')
      : table(
          'Deals lost by reason (change against the previous period)',
          ['Reason', 'Deals lost', 'Previous period', 'Change'],
          figures.lostReasons.map((reason) => [
            html(reason.label),
            value('count', reason.deals.value),
            value('count', reason.deals.previous),
            change('count', reason.deals, 'down'),
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
<figcaption><h3>Quota attainment</h3><p class="note">Revenue won in the period ÷ the quota set for it; the team is the owners with a quota in that currency.</p></figcaption>
${quotaChart(report)}
${quotaTable}
</figure>
<h3>Standard products and tailored work</h3>
${engagements}
<h3>External and internal buyers</h3>
${audiences}
<h3>Why deals were lost</h3>
${lost}
<figure>
<figcaption><h3>Pipeline for next quarter</h3><p class="note">Open deals expected to close in ${html(pipeline.quarter)} (${html(pipeline.from)} to ${html(pipeline.to)}).</p></figcaption>
${pipelineChart(report)}
${pipelineTable}
</figure>
</section>`;
}

/** What was billed: invoices to external accounts and internal charges, each by engagement type. */
export function billingSection(report: Report): string {
  const { invoices, charges } = report.billing;
  const cell = (figure: Figure) =>
    finite(figure.value) ? `${value('count', figure.value)} ${change('count', figure, 'up')}` : NONE;
  const rows = (label: string, bills: BillFigures): string[][] => [
    [html(label), cell(bills.issued), moneyCell(bills.amount)],
    ...bills.byEngagement.map((engagement) => [
      html(`… ${ENGAGEMENT_LABELS[engagement.engagementType].toLowerCase()}`),
      cell(engagement.issued),
      moneyCell(engagement.amount),
    ]),
  ];
  return `<section aria-labelledby="s-billing">
<h2 id="s-billing">Billing</h2>
<p class="note">Bills issued in the period, on the day each was issued. Internal charges to other departments are booked to their cost centres and kept apart from the invoices.</p>
${table(
  'Invoices and internal charges, by engagement type (change against the previous period)',
  ['Bills', 'Issued', 'Amount'],
  [...rows('Invoices (external, payable)', invoices), ...rows('Internal charges', charges)],
)}
</section>`;
}

export function serviceSection(report: Report): string {
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

export function workloadSection(report: Report): string {
  return `<section aria-labelledby="s-workload">
<h2 id="s-workload">Workload</h2>
<figure>
<figcaption><h3>Open work per person</h3><p class="note">Open tasks and open tickets (new, open, pending) when the report was made.</p></figcaption>
${workloadChart(report)}
</figure>
</section>`;
}

export function accountsSection(report: Report): string {
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
