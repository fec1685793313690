// A dead letter as a rule's dead-letter queue hands it to the failure handler: an SQS event holding Lambda's
// on-failure destination record (the request payload, the error, the invocations made). The local runtime
// makes these from what its bus gave up on; the tests make them the same way.
import type { SQSEvent } from 'aws-lambda';

export interface DeadLetterOptions {
  /** The event the target was invoked with. */
  readonly payload: unknown;
  readonly error: { readonly type: string; readonly message: string };
  readonly attempts: number;
  readonly queueArn: string;
  readonly messageId: string;
  readonly region?: string;
  readonly at?: Date;
}

export function deadLetterEvent(options: DeadLetterOptions): SQSEvent {
  const at = String((options.at ?? new Date()).getTime());
  return {
    Records: [
      {
        messageId: options.messageId,
        receiptHandle: 'local',
        body: JSON.stringify({
          version: '1.0',
          timestamp: (options.at ?? new Date()).toISOString(),
          requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: options.attempts },
          requestPayload: options.payload,
          responsePayload: { errorType: options.error.type, errorMessage: options.error.message },
        }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: at,
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: at,
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: options.queueArn,
        awsRegion: options.region ?? 'local',
      },
    ],
  };
}
