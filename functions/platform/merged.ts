// Where a merged record went. A merge leaves one small item per merged id (`MERGED#<id>` / `MERGED`), kept for
// good, so an old link — a bookmark, a submission's produced contact, another system's copy — still resolves:
// GET of the merged id answers 301 with the survivor's location.
import { Moved, NotFound } from './errors.ts';
import { readItem } from './store.ts';

export type MergedEntity = 'Account' | 'Contact';

export interface MergedRecord {
  readonly id: string;
  readonly entity: MergedEntity;
  readonly mergedInto: string;
  readonly accountId: string;
  readonly mergedAt: string;
}

export const mergedKey = (id: string) => ({ pk: `MERGED#${id}`, sk: 'MERGED' }) as const;

export const mergedItem = (merged: MergedRecord) => ({
  ...mergedKey(merged.id),
  type: 'MergedRecord',
  ...merged,
});

/** What `id` was merged into, if it was (following a chain of merges to the survivor, at most a few steps). */
export async function mergedInto(id: string): Promise<MergedRecord | undefined> {
  let found: MergedRecord | undefined;
  for (let step = 0, at = id; step < 10; step++) {
    const item = await readItem(mergedKey(at));
    if (item === undefined) break;
    found = {
      id,
      entity: item.entity as MergedEntity,
      mergedInto: String(item.mergedInto),
      accountId: String(item.accountId),
      mergedAt: String(item.mergedAt),
    };
    at = found.mergedInto;
  }
  return found;
}

/**
 * A read of a record by id that found nothing: a 301 to where it went if it was merged (`path` makes the
 * survivor's location from its id), else the NotFound as it was.
 */
export async function orMerged(
  error: unknown,
  id: string,
  path: (into: string) => string,
  /** Whether the caller sees the survivor: if not, the merged id is a 404 to them as well. */
  visible: (into: string) => Promise<boolean>,
): Promise<never> {
  if (!(error instanceof NotFound)) throw error;
  const merged = await mergedInto(id);
  if (merged === undefined || !(await visible(merged.mergedInto))) throw error;
  throw new Moved(merged.entity, id, merged.mergedInto, path(merged.mergedInto));
}
