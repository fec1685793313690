// What a survey answer sets off: the answer shown on its ticket and logged on the account's timeline, and for
// a poor score (1 or 2) a service-recovery task (the records: survey-outcomes.ts). Each is safe to run twice or
// out of order: the ticket takes an answer only over an older one, and the interaction's and the task's ids
// derive from the survey.

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Account, accountKey, dedicatedManagerOf, interactions } from '../accounts/index.ts';
import { liveAccount } from '../accounts/services.ts';
import { currentActor } from '../platform/actor.ts';
import { recordOf } from '../platform/entity.ts';
import { putNew, readItem, sendIfCondition, TransactionRefused, transact } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { activeMember, nextAssignee } from '../team/services.ts';
import { taskKey } from '../work/index.ts';
import { createTaskOnce } from '../work/services.ts';
import { ticketKey } from './entity.ts';
import {
  type AnsweredSurvey,
  answerInteraction,
  RECOVERY_MAX_SCORE,
  recoveryTask,
  recoveryTaskId,
  ticketSurveyOf,
} from './survey-outcomes.ts';
import type { Ticket } from './ticket.ts';

/**
 * The answer on its ticket (`survey`: the latest answered of its surveys) — unless the ticket already shows
 * one answered later (or the same one: a redelivery), so an answer arriving late never hides a newer one. Ties
 * in `answeredAt` go to the higher survey id (newerAnswer, as a condition). False when nothing changed.
 */
export function showOnTicket(survey: AnsweredSurvey, now: Date): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: ticketKey(survey.accountId, survey.ticketId),
      UpdateExpression:
        'SET survey = :survey, updatedAt = :now, updatedBy = :actor, version = version + :one',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(survey) OR survey.answeredAt < :at OR (survey.answeredAt = :at AND survey.surveyId < :id))',
      ExpressionAttributeValues: {
        ':survey': ticketSurveyOf(survey),
        ':at': survey.answeredAt,
        ':id': survey.id,
        ':now': now.toISOString(),
        ':actor': currentActor(),
        ':one': 1,
      },
    }),
  );
}

/** Put an item under an account once, while the account is not being deleted; false when not written. */
async function putUnderLiveAccount(item: Record<string, unknown>, accountId: string): Promise<boolean> {
  try {
    await transact([putNew(item), liveAccount(accountId)]);
    return true;
  } catch (error) {
    // Logged before (a redelivery), or the account is gone or being deleted; anything else is retried.
    if (error instanceof TransactionRefused && (error.failedAt(0) || error.failedAt(1))) return false;
    throw error;
  }
}

/** The answer on the ticket and on the timeline; what each did (false: done before, or a newer one shown). */
export async function recordSurveyAnswer(survey: AnsweredSurvey, now: Date) {
  const interaction = answerInteraction(survey);
  // Independent writes, both built before either starts.
  const item = interactions.item(interaction);
  const [onTicket, logged] = await Promise.all([
    showOnTicket(survey, now),
    putUnderLiveAccount(item, survey.accountId),
  ]);
  return { onTicket, interactionId: interaction.id, logged };
}

/**
 * Who puts a poor answer right: the client's account manager, else the ticket's assignee — each only while an
 * active member — else the next service member in turn. Undefined when there is nobody at all.
 */
async function recoveryOwner(survey: AnsweredSurvey): Promise<string | undefined> {
  const [accountItem, ticketItem] = await Promise.all([
    readItem(accountKey(survey.accountId)),
    readItem(ticketKey(survey.accountId, survey.ticketId)),
  ]);
  const manager = accountItem === undefined ? undefined : dedicatedManagerOf(recordOf<Account>(accountItem));
  if ((await activeMember(manager)) !== undefined) return manager;
  const assignee = ticketItem === undefined ? undefined : recordOf<Ticket>(ticketItem).assigneeId;
  if ((await activeMember(assignee)) !== undefined) return assignee;
  return (await nextAssignee('service'))?.id;
}

/**
 * A score of 1 or 2 → one "Service recovery" task for whoever serves the account (recoveryOwner), due the next
 * business day after the answer. Once per answer: the task's id derives from the survey. Undefined for a
 * better score.
 */
export async function openRecoveryTask(survey: AnsweredSurvey, now: Date) {
  if (survey.score > RECOVERY_MAX_SCORE) return undefined;
  const taskId = recoveryTaskId(survey);
  // A redelivery finds the task and changes nothing (nor takes a second turn of the round-robin).
  if ((await readItem(taskKey(taskId))) !== undefined) return { taskId, opened: false };
  const assigneeId = await recoveryOwner(survey);
  const opened = await createTaskOnce(recoveryTask(survey, assigneeId, now.toISOString()));
  return { taskId, opened, ...(assigneeId === undefined ? {} : { assigneeId }) };
}
