// The daily aggregates the reports read: each counted event (accounts, deals, tickets, service interactions,
// survey answers, invoices and charges) moves its day's counters once, however often it is delivered and in
// whatever order.
import { eventHandler } from '../../platform/event-handler.ts';
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

export const handler = eventHandler(
  CountedDetail,
  async (detail, event) => ({
    outcome: await countOnce({ detailType: event['detail-type'], ...detail }, new Date()),
  }),
  { message: 'aggregated', level: 'debug' },
);
