// The reporting area's records in the table: the daily counters (`STATS#<day>`), the marker of each counted
// event, each ticket's first-contact state, and the reports (one per period and start, listed newest first).
import { entity, type Key, TYPE_INDEX, typePartition, typeSortKey } from '../platform/entity.ts';
import type { Period, StoredReport } from './report.ts';
import type { TicketStats } from './stats.ts';

export const statsKey = (day: string) => ({ pk: `STATS#${day}`, sk: 'STATS' }) as const;

/** A day's counters: flat numeric attributes added to in place (never written whole). */
export const dayStats = { type: 'Stats', key: statsKey } as const;

export const statsMarkerKey = (eventId: string) =>
  ({ pk: `STATSEVENT#${eventId}`, sk: 'STATSEVENT' }) as const;

/**
 * The marker that an event was counted, named by the event's id (which the record does not hold), so each
 * id has its entity: `statsMarkers.at(eventId).item({ detailType })`.
 */
export const statsMarkers = {
  type: 'StatsMarker',
  key: statsMarkerKey,
  at: (eventId: string) =>
    entity<{ readonly detailType: string }, Record<never, never>, 'StatsMarker'>({
      type: 'StatsMarker',
      key: () => statsMarkerKey(eventId),
      indexes: {},
    }),
} as const;

export const ticketStatsKey = (ticketId: string) =>
  ({ pk: `TICKETSTATS#${ticketId}`, sk: 'TICKETSTATS' }) as const;

/** A ticket's first-contact state as stored: versioned, since its events race to update it. */
export type StoredTicketStats = TicketStats & { readonly version: number };

/** A ticket's first-contact state, keyed by the ticket's id (which the record does not hold). */
export const ticketStats = {
  type: 'TicketStats',
  key: ticketStatsKey,
  at: (ticketId: string) =>
    entity<StoredTicketStats, Record<never, never>, 'TicketStats'>({
      type: 'TicketStats',
      key: () => ticketStatsKey(ticketId),
      indexes: {},
    }),
} as const;

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
