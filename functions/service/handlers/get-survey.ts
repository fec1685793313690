// GET /surveys/{token} (public) → the survey page (or, once answered, the thanks); an unknown or tampered
// token → 404 page. JSON callers (Accept: application/json) get the survey's public view.

import { NotFound } from '../../platform/errors.ts';
import { html, json, publicHttpHandler } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { viewOf } from '../survey.ts';
import { SURVEY_PAGE_HEADERS, wantsJson } from '../survey-http.ts';
import { renderSurveyMissing, renderSurveyPage, renderSurveyThanks } from '../survey-page.ts';
import { getSurvey } from '../survey-store.ts';

export const handler = publicHttpHandler(routes.getSurvey, async ({ params, query, header }) => {
  const asJson = wantsJson(header);
  try {
    const view = viewOf(await getSurvey(params.token));
    if (asJson) return json(200, view, { 'Cache-Control': 'no-store' });
    return html(
      200,
      view.status === 'answered'
        ? renderSurveyThanks(view, query.answered === undefined)
        : renderSurveyPage(view),
      SURVEY_PAGE_HEADERS,
    );
  } catch (error) {
    if (error instanceof NotFound && !asJson) return html(404, renderSurveyMissing(), SURVEY_PAGE_HEADERS);
    throw error;
  }
});
