// The outbox relay: every change on the table's stream becomes its domain event on the bus. Records whose
// events could not be published are reported as batch item failures so the stream redelivers them;
// event ids are derived from the change, so a redelivered record carries the same id.
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '../../platform/env.ts';
import { logger } from '../../platform/logger.ts';
import { publish } from '../../platform/publisher.ts';
import { toDomainEvent } from '../events.ts';

const EVENT_BUS_NAME = requireEnv('EVENT_BUS_NAME');

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const entries: PutEventsRequestEntry[] = [];
  const sequenceOf: string[] = [];
  for (const record of event.Records) {
    const domainEvent = toDomainEvent(record);
    if (domainEvent === undefined) continue;
    entries.push({
      EventBusName: EVENT_BUS_NAME,
      Source: domainEvent.source,
      DetailType: domainEvent.detailType,
      Time: domainEvent.time,
      Detail: JSON.stringify(domainEvent.detail),
    });
    sequenceOf.push(record.dynamodb?.SequenceNumber ?? '');
  }
  const failed = await publish(entries);
  if (failed.length > 0) {
    logger.error('events not published; the stream will redeliver their records', { failed: failed.length });
  }
  logger.info('relayed', { records: event.Records.length, events: entries.length, failed: failed.length });
  return { batchItemFailures: failed.map((index) => ({ itemIdentifier: sequenceOf[index] ?? '' })) };
};
