// The daily aggregates the reports read: each counted event (accounts, deals, tickets, service interactions,
// survey answers) moves its day's counters once, however often it is delivered and in whatever order.
import type { EventBridgeEvent } from 'aws-lambda';
import { logger } from '../../platform/logger.ts';
import * as z from '../../platform/zod.ts';
import { countOnce } from '../stats-store.ts';

const Record_ = z.record(z.string(), z.unknown());
const CountedDetail = z.object({
  eventId: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime({ offset: true }),
  data: z.optional(Record_),
  previous: z.optional(Record_),
  change: z.optional(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});

export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = z.parse(CountedDetail, event.detail);
  const outcome = await countOnce({ detailType: event['detail-type'], ...detail }, new Date());
  logger.debug('aggregated', { detailType: event['detail-type'], eventId: detail.eventId, outcome });
};
