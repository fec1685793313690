// The reporting area's records in the table: the daily counters (`STATS#<day>`), the marker of each counted
// event, each ticket's first-contact state, and the reports (one per period and start, listed newest first).
import { entity, type Key, TYPE_INDEX, typePartition, typeSortKey } from '../platform/entity.ts';
import type { Period, StoredReport } from './report.ts';
import type { TicketStats } from './stats.ts';

/**
 * How many items a day's counters are spread over. One item takes about 1,000 write units a second and its
 * transactions conflict, so each counted event adds to one shard, chosen from its event id, and a report sums
 * the shards of each day it covers. Raising it is safe (every shard up to it is read); lowering it would hide
 * the counters of the shards above.
 */
export const STATS_SHARDS = 16;

/** Shard `shard` of a day's counters: `STATS#<day>#<shard>`, a partition of its own. */
export const statsShardKey = (day: string, shard: number) =>
  ({ pk: `STATS#${day}#${shard}`, sk: 'STATS' }) as const;

/** The day's counters from before they were sharded (still read, never written). */
export const statsKey = (day: string) => ({ pk: `STATS#${day}`, sk: 'STATS' }) as const;

/** Every item a day's counters may be in: the unsharded one, then each shard. */
export const statsKeysOf = (day: string) => [
  statsKey(day),
  ...Array.from({ length: STATS_SHARDS }, (_, shard) => statsShardKey(day, shard)),
];

/** The item type of a day's counters: flat numeric attributes added to in place (never written whole). */
export const STATS_TYPE = 'Stats';

/** The marker that an event was counted, named by the event's id: written once, with the counters it moved. */
export const statsMarkerKey = (eventId: string) =>
  ({ pk: `STATSEVENT#${eventId}`, sk: 'STATSEVENT' }) as const;

export const ticketStatsKey = (ticketId: string) =>
  ({ pk: `TICKETSTATS#${ticketId}`, sk: 'TICKETSTATS' }) as const;

/** A ticket's first-contact state as stored: versioned, since its events race to update it. */
export type StoredTicketStats = TicketStats & { readonly version: number };

/** The partition of one period's reports, sorted by start: `REPORT#<period>` / `<start>`. */
export const reportsOfPeriod = (period: Period) => `REPORT#${period}`;

export const reportKey = (period: Period, start: string) =>
  ({ pk: reportsOfPeriod(period), sk: start }) as const;

const REPORT_TYPE = 'REPORT';

export const reports = /* @__PURE__ */ entity({
  type: 'Report',
  key: (report: StoredReport): Key => reportKey(report.period, report.start),
  indexes: {
    /** Every report, by start then period (newest first is a reverse read). */
    all: {
      index: TYPE_INDEX,
      type: REPORT_TYPE,
      key: (report: StoredReport) => ({
        pk: typePartition(REPORT_TYPE),
        sk: typeSortKey(REPORT_TYPE, `${report.start}#${report.period}`),
      }),
    },
  },
});
