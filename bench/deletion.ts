// Deleting a big account, end to end on the local stack (run by bench/run.ts in its own process, or alone with
// `npx tsx bench/deletion.ts`; prints one JSON line, progress on stderr): the big account of big-account.ts,
// deleted with DELETE /accounts/{id}?cascade=true over HTTP, the deletion polled until it is done. Reported: how
// long the request took, how long until done, the runs and batches it took and the longest run (which must stay
// well inside a rule function's 30 s), items removed per second, and what is left in the account's partition.
import { CONTACTS, INTERACTIONS, type JobTiming, onBigAccount } from './big-account.ts';

export interface DeletionResult extends Omit<JobTiming, 'job'> {
  readonly interactions: number;
  readonly contacts: number;
  readonly itemsBefore: number;
  readonly removed: Record<string, number>;
  readonly removedTotal: number;
  readonly itemsPerSecond: number;
  readonly left: number;
  readonly announced: { InteractionDeleted: number; ContactDeleted: number; AccountDeleted: number };
}

await onBigAccount(
  'deletion',
  async ({ accountId, itemsBefore, api, progress, partitionSize, timeJob, announcedSince }) => {
    progress('DELETE /accounts/{id}?cascade=true');
    const { job, ...timing } = await timeJob(
      () => api('DELETE', `/accounts/${accountId}?cascade=true`),
      `/accounts/${accountId}/deletion`,
    );
    const removed = job.removed as Record<string, number>;
    const removedTotal = Object.values(removed).reduce((sum, n) => sum + n, 0);
    // Each removed record's *Deleted event, from the stream.
    const announced = await announcedSince();
    const result: DeletionResult = {
      interactions: INTERACTIONS,
      contacts: CONTACTS,
      itemsBefore,
      ...timing,
      removed,
      removedTotal,
      itemsPerSecond: Math.round(removedTotal / (timing.doneMs / 1000)),
      left: await partitionSize(accountId),
      announced: {
        InteractionDeleted: announced.get('InteractionDeleted') ?? 0,
        ContactDeleted: announced.get('ContactDeleted') ?? 0,
        AccountDeleted: announced.get('AccountDeleted') ?? 0,
      },
    };
    return result;
  },
);
