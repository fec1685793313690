// What the survey automations make of a ticket's answered surveys, made here as they would have been made then
// (functions/service/survey-outcomes.ts): the answer on the ticket from the moment it was given, the answer on
// the account's timeline, and for a score of 1 or 2 a service-recovery task — dealt with when it fell due, if
// that is in the past. Written before the answers are announced, so the automations find them and add nothing.
// Draws nothing from the account's random stream: the rest of the data set stays as it was.
import type { Interaction } from '../../functions/accounts/interaction.ts';
import {
  type AnsweredSurvey,
  answerInteraction,
  newerAnswer,
  RECOVERY_MAX_SCORE,
  recoveryTask,
  ticketSurveyOf,
} from '../../functions/service/survey-outcomes.ts';
import type { Ticket, TicketSurvey } from '../../functions/service/ticket.ts';
import type { Task } from '../../functions/work/task.ts';
import { type AccountScope, type History, HOUR, iso, type SeededSurvey } from './context.ts';

export interface SeededAnswers {
  /** The ticket's versions, each answer shown on it from then on (a version of its own when it came). */
  readonly versions: Ticket[];
  readonly interactions: Interaction[];
  readonly tasks: History<Task>[];
}

export function answerOutcomes(
  scope: AccountScope,
  versions: readonly Ticket[],
  surveys: readonly SeededSurvey[],
  /** The account's account manager, if it has one (a client's). */
  manager: string | undefined,
): SeededAnswers {
  const { until } = scope;
  const { service } = scope.team;
  const answers = surveys
    .map((survey) => survey.versions.at(-1))
    .filter((survey): survey is AnsweredSurvey => survey?.status === 'answered')
    .sort((a, b) => (a.answeredAt < b.answeredAt ? -1 : a.answeredAt > b.answeredAt ? 1 : 0));
  const [first, ...moves] = versions;
  if (first === undefined || answers.length === 0)
    return { versions: [...versions], interactions: [], tasks: [] };

  // The moves and the answers in the order they happened; each version numbered on from the one before.
  const happenings = [
    ...moves.map((version) => ({ at: version.updatedAt, version })),
    ...answers.map((answer) => ({ at: answer.answeredAt, answer })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const rewritten: Ticket[] = [first];
  let shown: TicketSurvey | undefined;
  for (const happening of happenings) {
    const current = rewritten.at(-1) as Ticket;
    if ('answer' in happening) {
      const candidate = ticketSurveyOf(happening.answer);
      if (!newerAnswer(candidate, shown)) continue;
      shown = candidate;
      rewritten.push({ ...current, survey: shown, updatedAt: happening.at, version: current.version + 1 });
    } else {
      rewritten.push({
        ...happening.version,
        ...(shown === undefined ? {} : { survey: shown }),
        version: current.version + 1,
      });
    }
  }

  const tasks = answers
    .filter((answer) => answer.score <= RECOVERY_MAX_SCORE)
    .map((answer): History<Task> => {
      // The account manager, else the ticket's assignee, else a service member (picked by the survey, not drawn).
      const assigneeId =
        manager ?? first.assigneeId ?? service[answer.id.charCodeAt(answer.id.length - 1) % service.length];
      const opened = recoveryTask(answer, assigneeId, answer.answeredAt);
      const doneAt = Date.parse(opened.dueAt) + 2 * HOUR;
      return doneAt < until
        ? [opened, { ...opened, status: 'done', updatedAt: iso(doneAt), version: 2 }]
        : [opened];
    });
  return { versions: rewritten, interactions: answers.map(answerInteraction), tasks };
}
