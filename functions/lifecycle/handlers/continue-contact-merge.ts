// ContactMergeRequested / ContactMergeProgressed (handed over to a new run) → the run relinks its share of the
// records naming the merged contact; a redelivered or stale event does nothing. Failures propagate, so the
// platform runs it again.
import { ContactMergeProgressedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { continueContactMerge } from '../merge-store.ts';

export const handler = eventHandler(
  ContactMergeProgressedDetail,
  async ({ data }) => ({
    from: data.from,
    into: data.into,
    run: data.run,
    ...(await continueContactMerge(data.accountId, data.from, data.run, () => new Date())),
  }),
  { message: 'contact merge run' },
);
