// A report as one self-contained, printable HTML page: headline cards, tables and four hand-drawn SVG charts,
// no script and nothing fetched (it holds under `default-src 'none'; style-src 'unsafe-inline'`). Every text
// from the report is escaped; owner ids, stages and currencies come from users.

import { escapeHtml as html, page } from '../../platform/page.ts';
import type { Report } from '../report.ts';
import { CHART_WIDTH } from './charts.ts';
import { generated, periodName, range } from './format.ts';
import {
  accountsSection,
  billingSection,
  headlineSection,
  salesSection,
  serviceSection,
  workloadSection,
} from './sections.ts';

const PERIOD_TITLES: Record<string, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };

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
.cw,.tw{overflow-x:auto;position:relative}.cw{margin:.25rem 0 .75rem}.chart{display:block;width:100%;min-width:560px;height:auto;max-width:${CHART_WIDTH}px}
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
${headlineSection(report)}
${salesSection(report)}
${billingSection(report)}
${serviceSection(report)}
${workloadSection(report)}
${accountsSection(report)}
<footer><p>Report ${html(report.id)}. Days are UTC days. Changes compare with the previous period of the same length; percentages change by percentage points. Amounts in a currency code without a known ISO 4217 exponent are shown in minor units.</p></footer>`;
  return page(`${title} · Clientele`, body, STYLE);
}
