// AccountMergeRequested / AccountMergeProgressed (handed over to a new run) → the run moves its share of the
// merged account's records; a redelivered or stale event finds the run moved on and does nothing. Failures
// propagate, so the platform runs it again (what was moved stays moved; the counts move with each batch).
import { AccountMergeProgressedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { continueAccountMerge } from '../merge-store.ts';

export const handler = eventHandler(
  AccountMergeProgressedDetail,
  async ({ data }) => ({
    from: data.from,
    into: data.into,
    run: data.run,
    ...(await continueAccountMerge(data.from, data.run, () => new Date())),
  }),
  { message: 'account merge run' },
);
