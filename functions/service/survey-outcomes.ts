// What a survey answer becomes, as records: the answer as its ticket shows it, the interaction on the account's
// timeline, and for a poor score the service-recovery task. Pure (the automations in survey-answers.ts write
// them; the seed makes the same ones for the answers of its history). The ids derive from the survey.

import type { Interaction } from '../accounts/index.ts';
import { derivedId, derivedIdAt } from '../platform/keys.ts';
import { nextBusinessDay, type Task } from '../work/index.ts';
import type { Survey } from './survey.ts';
import type { TicketSurvey } from './ticket.ts';

/** A survey as SurveyAnswered carries it: answered, with its score and when. */
export type AnsweredSurvey = Survey & { readonly score: number; readonly answeredAt: string };

/** The scores that call for service recovery (the ServiceRecovery rule's pattern says the same: <= 2). */
export const RECOVERY_MAX_SCORE = 2;

/** The answer as its ticket shows it (`survey`). */
export const ticketSurveyOf = (survey: AnsweredSurvey): TicketSurvey => ({
  surveyId: survey.id,
  score: survey.score,
  answeredAt: survey.answeredAt,
  ...(survey.comment === undefined ? {} : { comment: survey.comment }),
});

/**
 * Whether `candidate` is to be shown over what the ticket shows now: answered later, or at the same moment with
 * the higher survey id (the same winner whichever arrives first).
 */
export const newerAnswer = (candidate: TicketSurvey, shown: TicketSurvey | undefined) =>
  shown === undefined ||
  shown.answeredAt < candidate.answeredAt ||
  (shown.answeredAt === candidate.answeredAt && shown.surveyId < candidate.surveyId);

/**
 * The answer as an inbound service interaction on the account's timeline, on the ticket, when it was given.
 * Its id has the answer's time (the timeline's order) and the rest derived from the survey: written once.
 */
export function answerInteraction(survey: AnsweredSurvey): Interaction {
  return {
    id: derivedIdAt(survey.answeredAt, `survey-answer#${survey.id}`),
    accountId: survey.accountId,
    channel: 'form',
    direction: 'inbound',
    category: 'service',
    subject: `Satisfaction survey answered: ${survey.score} of 5`,
    ...(survey.comment === undefined ? {} : { body: survey.comment }),
    occurredAt: survey.answeredAt,
    ...(survey.contactId === undefined ? {} : { contactId: survey.contactId }),
    ticketId: survey.ticketId,
    loggedBy: 'automation',
    createdAt: survey.answeredAt,
    version: 1,
  };
}

/** The id of the recovery task of a survey's answer (one per answer). */
export const recoveryTaskId = (survey: Pick<Survey, 'id'>) => derivedId(`service-recovery#${survey.id}`);

/**
 * The "Service recovery" task of a poor answer (the caller judges the score): for `assigneeId`, due the next
 * business day (09:00 UTC) after the answer, linked to the account, contact and ticket, the customer's comment
 * on its checklist, made at `at`.
 */
export function recoveryTask(survey: AnsweredSurvey, assigneeId: string | undefined, at: string): Task {
  const about = survey.product === undefined ? survey.problem : `${survey.product}: ${survey.problem}`;
  return {
    id: recoveryTaskId(survey),
    title: `Service recovery: scored ${survey.score} of 5 — ${about}`.slice(0, 200),
    ...(assigneeId === undefined ? {} : { assigneeId }),
    dueAt: nextBusinessDay(new Date(survey.answeredAt)).toISOString(),
    status: 'open',
    checklist: [
      ...(survey.comment === undefined
        ? []
        : [{ text: `The customer wrote: “${survey.comment}”`.slice(0, 500), done: false }]),
      { text: 'Call the customer and put it right', done: false },
    ],
    links: {
      accountId: survey.accountId,
      ...(survey.contactId === undefined ? {} : { contactId: survey.contactId }),
      ticketId: survey.ticketId,
    },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
