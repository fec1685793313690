// The dead-letter queues of the automations feed this: every event an automation gave up on becomes a
// failure record (GET /failures; POST /failures/{id}/retry hands it to its rule again), and a form
// submission or a mail also shows status "failed" with the reason. Messages come from Lambda's on-failure destination
// (request + response payloads) or from an EventBridge target DLQ (the event, with the error in message
// attributes); both are read. Which rule failed is the queue's: each rule has its own (DEAD_LETTER_RULES).
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { markFailed } from '../../forms/services.ts';
import { actingAs } from '../../platform/actor.ts';
import { requireEnv } from '../../platform/env.ts';
import { logger } from '../../platform/logger.ts';
import { markMailFailed } from '../../work/services.ts';
import type { DeadLetter } from '../failure.ts';
import { recordDeadLetter } from '../failure-store.ts';

/** Queue ARN → the rule whose dead letters it holds, as [arn, rule] pairs. */
const RULE_OF_QUEUE = new Map(JSON.parse(requireEnv('DEAD_LETTER_RULES')) as [string, string][]);

export function readFailure(record: SQSRecord): DeadLetter {
  const body = JSON.parse(record.body) as Record<string, unknown>;
  const rule = RULE_OF_QUEUE.get(record.eventSourceARN) ?? `unknown (${record.eventSourceARN})`;
  if (typeof body.requestPayload === 'object' && body.requestPayload !== null) {
    const response = (body.responsePayload ?? {}) as { errorType?: unknown; errorMessage?: unknown };
    const context = (body.requestContext ?? {}) as { condition?: unknown; approximateInvokeCount?: unknown };
    return {
      rule,
      event: body.requestPayload as Record<string, unknown>,
      error: {
        type: String(response.errorType ?? context.condition ?? 'Error'),
        message: String(response.errorMessage ?? 'the automation failed'),
      },
      attempts: typeof context.approximateInvokeCount === 'number' ? context.approximateInvokeCount : 1,
      messageId: record.messageId,
    };
  }
  const attribute = (name: string) => record.messageAttributes?.[name]?.stringValue;
  return {
    rule,
    event: body,
    error: {
      type: attribute('ERROR_CODE') ?? 'DeliveryFailed',
      message: attribute('ERROR_MESSAGE') ?? 'the event could not be delivered',
    },
    attempts: Number(attribute('RETRY_ATTEMPTS') ?? 0) + 1,
    messageId: record.messageId,
  };
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const letter = readFailure(record);
      const detail = (letter.event.detail ?? {}) as { data?: Record<string, unknown> };
      const data = detail.data;
      const reason = `${letter.error.type}: ${letter.error.message}`;
      logger.error('automation gave up', {
        rule: letter.rule,
        detailType: letter.event['detail-type'],
        reason,
        id: data?.id,
      });
      await actingAs('system:record-automation-failure', async () => {
        await recordDeadLetter(letter, new Date());
        // The record the automation was for says so too, and stops waiting (the reconciler leaves it).
        const type = letter.event['detail-type'];
        if (type === 'FormSubmitted' && typeof data?.formId === 'string' && typeof data.id === 'string') {
          await markFailed(data.formId, data.id, reason, new Date());
        }
        if (type === 'MailQueued' && typeof data?.id === 'string') {
          await markMailFailed(data.id, reason, new Date());
        }
      });
    } catch (error) {
      logger.error('could not record a failure', { error: error as Error, messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
