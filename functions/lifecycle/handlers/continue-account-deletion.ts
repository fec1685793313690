// AccountDeletionProgressed (handed over to a new run) → the run removes its share of the account's records;
// a redelivered or stale event finds the run moved on and does nothing. Failures propagate, so the platform
// runs it again (what was removed stays removed; the counts move with each batch).
import { AccountDeletionProgressedDetail } from '../../events/index.ts';
import { eventHandler } from '../../platform/event-handler.ts';
import { continueDeletion } from '../deletion-store.ts';

export const handler = eventHandler(
  AccountDeletionProgressedDetail,
  async ({ data }) => ({
    accountId: data.accountId,
    run: data.run,
    ...(await continueDeletion(data.accountId, data.run, () => new Date())),
  }),
  { message: 'account deletion run' },
);
