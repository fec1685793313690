// POST /surveys/{token} (public) {score 1–5, comment?}: the answer, accepted once. JSON → 200 with the
// answered survey; a browser's form post → 303 to the thanks (or the page again with its errors).
// A second answer → 409; an unknown or tampered token → 404; nothing is written in either case.

import { parseFormBody } from '../../forms/index.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { html, json, publicHttpHandler, readText, toDetails } from '../../platform/http.ts';
import * as z from '../../platform/zod.ts';
import * as routes from '../routes.ts';
import { SurveyAnswer, viewOf } from '../survey.ts';
import { SURVEY_PAGE_HEADERS, wantsJson } from '../survey-http.ts';
import { renderSurveyMissing, renderSurveyPage, renderSurveyThanks } from '../survey-page.ts';
import { answerSurvey, getSurvey } from '../survey-store.ts';

const MAX_ANSWER_BYTES = 16 * 1024;

export const handler = publicHttpHandler(routes.answerSurvey, async ({ params, event, header }) => {
  const asJson = wantsJson(header);
  const raw = await parseFormBody(readText(event, MAX_ANSWER_BYTES), header('content-type'));
  // A browser sends the score as text; a JSON caller sends a number (text is refused there, by name).
  const input: Record<string, unknown> = { ...raw };
  if (!asJson) {
    if (typeof raw.score === 'string' && /^\d{1,2}$/.test(raw.score)) input.score = Number(raw.score);
    if (raw.score === undefined) input.score = null;
    if (input.comment === '') delete input.comment;
  }
  const parsed = z.safeParse(SurveyAnswer, input);
  try {
    if (!parsed.success) {
      const errors = toDetails(parsed.error, 'body');
      if (asJson) throw new Invalid(errors, 'The answer is not valid.');
      const view = viewOf(await getSurvey(params.token));
      const values = {
        ...(typeof raw.score === 'string' ? { score: raw.score } : {}),
        ...(typeof raw.comment === 'string' ? { comment: raw.comment } : {}),
      };
      return html(400, renderSurveyPage(view, { errors, values }), SURVEY_PAGE_HEADERS);
    }
    const survey = await answerSurvey(params.token, parsed.data, new Date());
    if (asJson) return json(200, viewOf(survey), { 'Cache-Control': 'no-store' });
    return {
      statusCode: 303,
      headers: { Location: `${encodeURIComponent(params.token)}?answered=1`, 'Cache-Control': 'no-store' },
    };
  } catch (error) {
    if (asJson) throw error;
    if (error instanceof NotFound) return html(404, renderSurveyMissing(), SURVEY_PAGE_HEADERS);
    if (error instanceof Conflict) {
      const view = viewOf(await getSurvey(params.token));
      return html(409, renderSurveyThanks(view, true), SURVEY_PAGE_HEADERS);
    }
    throw error;
  }
});
