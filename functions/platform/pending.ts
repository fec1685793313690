// The sparse index of records waiting for an automation (a submission to process, a mail to send), as the
// entities declare it: pure, so the areas' models can name it (the reads and writes are in redrive.ts).
import { type IndexSpec, indexAttributes } from './entity.ts';
import type { PhysicalIndex } from './table.ts';

/** The physical index the waiting records are in. */
const PENDING_INDEX = 'gsi2' satisfies PhysicalIndex;

export interface PendingIndex<R> extends IndexSpec<R> {
  readonly partition: string;
  /** The record's sort key there (whether or not it waits now). */
  readonly sortKey: (record: R) => string;
}

/** The attributes holding a record's key in the pending index. */
export const PENDING_KEY = /* @__PURE__ */ indexAttributes(PENDING_INDEX);

/** The sparse index of `partition`: a record is in it while `waiting`, sorted by `since` then id. */
export function pendingIndex<R extends { readonly id: string }>(
  partition: string,
  waiting: (record: R) => boolean,
  since: (record: R) => string,
): PendingIndex<R> {
  const sortKey = (record: R) => `${since(record)}#${record.id}`;
  return {
    index: PENDING_INDEX,
    partition,
    sortKey,
    key: (record) => (waiting(record) ? { pk: partition, sk: sortKey(record) } : undefined),
  };
}

/** `REMOVE` clause operands that take a record out of the pending index (its work is done). */
export const LEAVE_PENDING = (() => {
  const names = indexAttributes(PENDING_INDEX);
  return `${names.pk}, ${names.sk}`;
})();
