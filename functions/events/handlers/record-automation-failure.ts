// The dead-letter queues of the automations feed this: for each event an automation gave up on, the reason
// is recorded where people look — a form submission shows status "failed" with the error. Messages come
// from Lambda's on-failure destination (request + response payloads) or from an EventBridge target DLQ
// (the event, with the error in message attributes); both are read.
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { markFailed } from '../../forms/services.ts';
import { logger } from '../../platform/logger.ts';

interface Failed {
  readonly event: {
    readonly 'detail-type'?: string;
    readonly detail?: { readonly data?: Record<string, unknown> };
  };
  readonly reason: string;
}

export function readFailure(record: SQSRecord): Failed {
  const body = JSON.parse(record.body) as Record<string, unknown>;
  if (typeof body.requestPayload === 'object' && body.requestPayload !== null) {
    const response = (body.responsePayload ?? {}) as { errorType?: string; errorMessage?: string };
    const condition = (body.requestContext as { condition?: string } | undefined)?.condition;
    return {
      event: body.requestPayload as Failed['event'],
      reason: `${response.errorType ?? condition ?? 'Error'}: ${response.errorMessage ?? 'the automation failed'}`,
    };
  }
  const attribute = (name: string) => record.messageAttributes?.[name]?.stringValue;
  return {
    event: body as Failed['event'],
    reason: `${attribute('ERROR_CODE') ?? 'DeliveryFailed'}: ${attribute('ERROR_MESSAGE') ?? 'the event could not be delivered'}`,
  };
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const { event: failed, reason } = readFailure(record);
      const data = failed.detail?.data;
      logger.error('automation gave up', { detailType: failed['detail-type'], reason, id: data?.id });
      if (
        failed['detail-type'] === 'FormSubmitted' &&
        typeof data?.formId === 'string' &&
        typeof data.id === 'string'
      ) {
        await markFailed(data.formId, data.id, reason, new Date());
      }
    } catch (error) {
      logger.error('could not record a failure', { error: error as Error, messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
