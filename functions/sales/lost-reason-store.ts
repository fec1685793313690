import { recordOf } from '../platform/entity.ts';
import { Invalid } from '../platform/errors.ts';
import { readItem, replaceVersioned } from '../platform/store.ts';
import { lostReasonLists, lostReasonsKey } from './entity.ts';
import { DEFAULT_LOST_REASONS, type LostReasons, type LostReasonsInput } from './lost-reason.ts';

/** The business's lost reasons: as an admin last set them, or the default list. */
export async function getLostReasons(): Promise<LostReasons> {
  const item = await readItem(lostReasonsKey);
  return item === undefined ? DEFAULT_LOST_REASONS : recordOf<LostReasons>(item);
}

/** Replace the list (If-Match: the version read; 0 for the default list). */
export const putLostReasons = (input: LostReasonsInput, ifMatch: number | undefined, now: Date) =>
  replaceVersioned<LostReasons>({
    what: 'The lost-reason list',
    read: async () => {
      const item = await readItem(lostReasonsKey);
      return item === undefined ? undefined : recordOf<LostReasons>(item);
    },
    next: (current) => ({
      ...(current?.createdBy === undefined ? {} : { createdBy: current.createdBy }),
      reasons: input.reasons,
      version: (current?.version ?? 0) + 1,
      updatedAt: now.toISOString(),
    }),
    item: (list) => lostReasonLists.item(list),
    ifMatch,
  });

/** A deal lost names a reason on the list as it is now: else 400 naming `lostReason` and the codes. */
export async function assertLostReason(code: string): Promise<void> {
  const { reasons } = await getLostReasons();
  if (reasons.some((reason) => reason.code === code)) return;
  throw new Invalid([
    {
      path: 'lostReason',
      message: `Not a lost reason: ${code}. One of ${reasons.map((reason) => reason.code).join(', ')} (GET /lost-reasons).`,
    },
  ]);
}
