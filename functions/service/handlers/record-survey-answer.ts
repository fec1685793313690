// SurveyAnswered → the answer on its ticket (unless a later answer is there already) and an inbound service
// interaction on the account's timeline, each once however often the event arrives.
import { SurveyAnsweredDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { recordSurveyAnswer } from '../survey-answers.ts';

export const handler = eventHandler(
  SurveyAnsweredDetail,
  async ({ data: survey }) => ({
    surveyId: survey.id,
    ticketId: survey.ticketId,
    ...(await recordSurveyAnswer(survey, new Date())),
  }),
  { message: 'survey answer recorded' },
);
