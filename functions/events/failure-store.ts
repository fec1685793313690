// Failures in the table. A dead letter is recorded in one conditional upsert: the first creates the record,
// a later one (the event failed again after a retry) reopens it and counts it; the same dead-letter message
// delivered twice is counted once. A retry marks the record, and the stream announces it
// (FailureRetryRequested), so the redrive happens where the rules' functions are.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { currentActor } from '../platform/actor.ts';
import { documentClient } from '../platform/clients.ts';
import { indexAttributes, indexKeysOf } from '../platform/entity.ts';
import { NotFound } from '../platform/errors.ts';
import { derivedId } from '../platform/keys.ts';
import { indexPage, readItem, sendIfCondition } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { failureKey, failures, toFailure } from './entity.ts';
import type { DeadLetter, Failure, FailureListQuery } from './failure.ts';

/** The failure of `rule` on the event with `eventId`: one record per pair. */
export const failureId = (rule: string, eventId: string) => derivedId(`failure|${rule}|${eventId}`);

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Record a dead letter; false when this very message was recorded already. */
export async function recordDeadLetter(letter: DeadLetter, now: Date): Promise<boolean> {
  const detail = (letter.event.detail ?? {}) as Record<string, unknown>;
  const eventId = text(detail.eventId) ?? text(letter.event.id) ?? letter.messageId;
  const id = failureId(letter.rule, eventId);
  const at = now.toISOString();
  const subjectId = text(detail.id);
  const fields = {
    id,
    rule: letter.rule,
    detailType: text(letter.event['detail-type']) ?? 'unknown',
    eventId,
    ...(subjectId === undefined
      ? {}
      : {
          subject: {
            entity: text(detail.entity) ?? 'unknown',
            id: subjectId,
            ...(text(detail.accountId) === undefined ? {} : { accountId: text(detail.accountId) }),
          },
        }),
    eventJson: JSON.stringify(letter.event),
    error: { type: letter.error.type.slice(0, 200), message: letter.error.message.slice(0, 2000) },
    attempts: letter.attempts,
    status: 'open' as const,
    failedAt: at,
    lastMessageId: letter.messageId,
    type: failures.type,
    updatedBy: currentActor(),
    ...indexKeysOf(failures.indexes, { id, status: 'open', failedAt: at } as Failure),
  };
  const names = Object.keys(fields);
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: failureKey(id),
      UpdateExpression: [
        `SET ${names.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
        'firstFailedAt = if_not_exists(firstFailedAt, :now)',
        'createdBy = if_not_exists(createdBy, :actor)',
        'failures = if_not_exists(failures, :zero) + :one',
        'retries = if_not_exists(retries, :zero)',
        'version = if_not_exists(version, :zero) + :one',
      ].join(', '),
      ConditionExpression: 'attribute_not_exists(lastMessageId) OR lastMessageId <> :message',
      ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#f${index}`, name])),
      ExpressionAttributeValues: {
        ...Object.fromEntries(
          names.map((name, index) => [`:f${index}`, fields[name as keyof typeof fields]]),
        ),
        ':now': at,
        ':actor': currentActor(),
        ':zero': 0,
        ':one': 1,
        ':message': letter.messageId,
      },
    }),
  );
}

export async function getFailure(id: string): Promise<Failure> {
  const item = await readItem(failureKey(id));
  if (item === undefined) throw new NotFound('Failure', id);
  return toFailure(item);
}

/** Failures, the most recent failure first; of one status when asked. */
export function listFailures(query: FailureListQuery) {
  const { byStatus, all } = failures.indexes;
  return indexPage({
    ...(query.status === undefined
      ? { index: all, partition: all.partition }
      : { index: byStatus, partition: byStatus.partition(query.status) }),
    query,
    toRecord: toFailure,
    newestFirst: true,
  });
}

/**
 * Ask for the event to be handed to its rule's target again: the record becomes `retried` and counts the
 * retry; the change, announced from the stream as FailureRetryRequested, is what the redrive acts on.
 */
export async function requestRetry(id: string, now: Date, round = 1): Promise<Failure> {
  const current = await getFailure(id);
  const at = now.toISOString();
  const names = indexAttributes(failures.indexes.byStatus.index);
  const key = failures.indexes.byStatus.key({ ...current, status: 'retried' });
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: failureKey(id),
        UpdateExpression:
          'SET #status = :retried, retries = retries + :one, retriedAt = :now, retriedBy = :actor, updatedBy = :actor, version = version + :one, #ipk = :ipk, #isk = :isk',
        ConditionExpression: 'attribute_exists(pk) AND version = :version',
        ExpressionAttributeNames: { '#status': 'status', '#ipk': names.pk, '#isk': names.sk },
        ExpressionAttributeValues: {
          ':retried': 'retried',
          ':one': 1,
          ':now': at,
          ':actor': currentActor(),
          ':version': current.version,
          ':ipk': key.pk,
          ':isk': key.sk,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toFailure(Attributes ?? {});
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException' && round < 5) {
      // It failed again (or was retried) between the read and the write: retry against what it is now.
      return requestRetry(id, now, round + 1);
    }
    throw error;
  }
}
