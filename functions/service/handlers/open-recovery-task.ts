// SurveyAnswered with a score of 1 or 2 → a service-recovery task for the account manager (else the ticket's
// assignee), due the next business day, once per answer.
import { SurveyAnsweredDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { openRecoveryTask } from '../survey-answers.ts';

export const handler = eventHandler(
  SurveyAnsweredDetail,
  async ({ data: survey }) => ({
    surveyId: survey.id,
    score: survey.score,
    ...((await openRecoveryTask(survey, new Date())) ?? { opened: false, note: 'score above recovery' }),
  }),
  { message: 'service recovery' },
);
