// Where failures are kept: one item per (rule, event), listed newest failure first from the type index, or
// by status from the status index.
import { entity, type Key, recordOf, TYPE_INDEX, typePartition } from '../platform/entity.ts';
import type { Failure } from './failure.ts';

export const failureKey = (id: string) => ({ pk: `FAILURE#${id}`, sk: 'FAILURE' }) as const;

const failuresOfStatus = (status: Failure['status']) => `FAILURE#STATUS#${status}`;
const newestFirst = (failure: Failure) => `${failure.failedAt}#${failure.id}`;

export const failures = /* @__PURE__ */ entity({
  type: 'Failure',
  key: (failure: Failure): Key => failureKey(failure.id),
  indexes: {
    /** Failures of one status, by when they last failed. */
    byStatus: {
      index: 'gsi2',
      partition: failuresOfStatus,
      key: (failure: Failure) => ({ pk: failuresOfStatus(failure.status), sk: newestFirst(failure) }),
    },
    /** Every failure, by when it last failed. */
    all: {
      index: TYPE_INDEX,
      partition: typePartition('FAILURE'),
      key: (failure: Failure) => ({ pk: typePartition('FAILURE'), sk: `FAILURE#${newestFirst(failure)}` }),
    },
  },
});

/** The event is kept as its JSON text: any shape it has is stored as it came. */
export function toFailure(item: Record<string, unknown>): Failure {
  const { eventJson, ...rest } = item;
  const record = recordOf<Omit<Failure, 'event'>>(rest);
  return { ...record, event: typeof eventJson === 'string' ? JSON.parse(eventJson) : {} };
}
