// Merging a big account into another, end to end on the local stack (run by bench/run.ts in its own process,
// or alone with `npx tsx bench/merge.ts`; prints one JSON line, progress on stderr): the big account of
// big-account.ts merged with POST /accounts/{survivor}/merge over HTTP, the merge polled until it is done.
// Reported: how long the request took, how long until done, the runs and batches and the longest run (which
// must stay well inside a rule function's 30 s), records moved per second, what the survivor holds after,
// what is left of the merged account but stubs and the merge record, and what the bus heard: one
// AccountMerged, and nothing of the moved records (no second ContactCreated or InteractionLogged).
import { CONTACTS, INTERACTIONS, type JobTiming, onBigAccount } from './big-account.ts';

export interface MergeResult extends Omit<JobTiming, 'job'> {
  readonly interactions: number;
  readonly contacts: number;
  readonly itemsBefore: number;
  readonly moved: Record<string, number>;
  readonly movedTotal: number;
  readonly recordsPerSecond: number;
  readonly survivorItems: number;
  /**
   * Items left in the merged account's partition besides the stubs of what moved and its own history (which
   * stays with it and expires): the merge record, 1.
   */
  readonly left: number;
  readonly announced: {
    AccountMerged: number;
    AccountDeleted: number;
    ContactCreated: number;
    InteractionLogged: number;
    ContactDeleted: number;
    InteractionDeleted: number;
  };
}

await onBigAccount(
  'merge',
  async ({ accountId, itemsBefore, api, progress, partitionSize, timeJob, announcedSince }) => {
    const survivor = await api('POST', '/accounts', { name: 'Big Account GmbH & Co. KG' });
    if (survivor.status !== 201) throw new Error(`POST /accounts answered ${survivor.status}`);
    const into = String(survivor.json.id);
    progress('POST /accounts/{survivor}/merge');
    const { job, ...timing } = await timeJob(
      () => api('POST', `/accounts/${into}/merge`, { from: accountId }),
      `/accounts/${into}/merges/${accountId}`,
    );
    const moved = job.moved as Record<string, number>;
    const movedTotal = Object.values(moved).reduce((sum, n) => sum + n, 0);
    const announced = await announcedSince();
    const result: MergeResult = {
      interactions: INTERACTIONS,
      contacts: CONTACTS,
      itemsBefore,
      ...timing,
      moved,
      movedTotal,
      recordsPerSecond: Math.round(movedTotal / (timing.doneMs / 1000)),
      survivorItems: await partitionSize(into),
      left: await partitionSize(accountId, ['Moved', 'HistoryEntry']),
      announced: {
        AccountMerged: announced.get('AccountMerged') ?? 0,
        AccountDeleted: announced.get('AccountDeleted') ?? 0,
        ContactCreated: announced.get('ContactCreated') ?? 0,
        InteractionLogged: announced.get('InteractionLogged') ?? 0,
        ContactDeleted: announced.get('ContactDeleted') ?? 0,
        InteractionDeleted: announced.get('InteractionDeleted') ?? 0,
      },
    };
    return result;
  },
);
