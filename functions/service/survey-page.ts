// The satisfaction survey as a standalone page: a 1–5 scale as radio buttons in a fieldset, an optional
// comment, works with JavaScript off, errors shown next to the question; every text from the ticket escaped.

import { escapeHtml as html, page } from '../platform/page.ts';
import type { SurveyView } from './survey.ts';

const SCALE = [
  [1, 'Very dissatisfied'],
  [2, 'Dissatisfied'],
  [3, 'Neutral'],
  [4, 'Satisfied'],
  [5, 'Very satisfied'],
] as const;

export interface SurveyPageState {
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
  readonly values?: { readonly score?: string; readonly comment?: string };
}

function about(view: SurveyView): string {
  const what = view.product === undefined ? 'your request' : `your request about ${html(view.product)}`;
  return `<p>We resolved ${what} on ${html(view.resolvedAt.slice(0, 10))}:</p>
<blockquote>${html(view.problem.slice(0, 500))}</blockquote>`;
}

export function renderSurveyPage(view: SurveyView, state: SurveyPageState = {}): string {
  const errors = state.errors ?? [];
  const scoreErrors = errors.filter((error) => error.path === 'score').map((error) => error.message);
  const commentErrors = errors.filter((error) => error.path === 'comment').map((error) => error.message);
  const other = errors.filter((error) => error.path !== 'score' && error.path !== 'comment');
  const summary =
    errors.length === 0
      ? ''
      : `<div class="s" role="alert" aria-labelledby="summary-title"><h2 id="summary-title">There is a problem</h2><ul>${[
          ...scoreErrors.map((message) => `<li><a href="#score-1">${html(message)}</a></li>`),
          ...commentErrors.map((message) => `<li><a href="#comment">${html(message)}</a></li>`),
          ...other.map((error) => `<li>${html(error.message)}</li>`),
        ].join('')}</ul></div>`;
  const radios = SCALE.map(
    ([score, label]) =>
      `<label for="score-${score}"><input type="radio" id="score-${score}" name="score" value="${score}"${state.values?.score === String(score) ? ' checked' : ''} required>${score} — ${label}</label>`,
  ).join('\n');
  const scoreInvalid = scoreErrors.length > 0;
  const body = `<h1>How did we do?</h1>
${about(view)}
${summary}
<form method="post" action="" enctype="application/x-www-form-urlencoded" novalidate>
<fieldset class="f r"${scoreInvalid ? ' aria-invalid="true" aria-describedby="score-error"' : ''}>
<legend>How satisfied are you with how we handled it?</legend>
${scoreInvalid ? `<p class="e" id="score-error">${scoreErrors.map(html).join(' ')}</p>` : ''}
${radios}
</fieldset>
<div class="f"><label for="comment">Anything you would like to tell us? (optional)</label>
${commentErrors.length > 0 ? `<p class="e" id="comment-error">${commentErrors.map(html).join(' ')}</p>` : ''}
<textarea id="comment" name="comment" maxlength="2000"${commentErrors.length > 0 ? ' aria-invalid="true" aria-describedby="comment-error"' : ''}>${html(state.values?.comment ?? '')}</textarea></div>
<button type="submit">Send</button>
</form>`;
  return page(errors.length === 0 ? 'How did we do?' : 'Error: How did we do?', body);
}

export function renderSurveyThanks(view: SurveyView, already: boolean): string {
  return page(
    'Thank you',
    `<h1>Thank you</h1>
<p>${already ? 'This survey has already been answered.' : 'Your answer has been recorded.'}${view.score === undefined ? '' : ` You gave us ${html(view.score)} out of 5.`}</p>`,
  );
}

export function renderSurveyMissing(): string {
  return page(
    'Survey not found',
    `<h1>Survey not found</h1>
<p>This link does not lead to a survey. Please check that it was copied whole from the e-mail.</p>`,
  );
}
