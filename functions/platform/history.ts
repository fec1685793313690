// A record's history: one entry per change, kept from the stream under the record's own partition
// (`<record pk>` / `HISTORY#<record sk>#<when>#<event id>`), so a record's history, newest first, is one Query
// on a key range. Each entry says when, who, and each changed field before → after; it expires (TTL) after the
// retention. The schema and the item live here (pure); the read, shared by every area's GET …/history, is
// history-store.ts.
import { REANNOUNCED_AT } from './declarations.ts';
import { Cursor, Limit } from './schemas.ts';
import * as z from './zod.ts';

export const HISTORY_PREFIX = 'HISTORY#';

/** Where a record's history entries sort: under its partition, after its own sort key. */
export const historyRange = (recordSk: string) => `${HISTORY_PREFIX}${recordSk}#`;

/** Bookkeeping every change moves: an entry carries the version, not these. */
const BOOKKEEPING = new Set([
  'version',
  'updatedAt',
  'updatedBy',
  'createdAt',
  'createdBy',
  REANNOUNCED_AT,
  'redrives',
  // A merge's counts of what it takes in.
  'incomingMerges',
  'contactMerges',
]);

export const FieldChange = /* @__PURE__ */ (() =>
  z.object({
    field: z.string(),
    before: z.optional(z.unknown()),
    after: z.optional(z.unknown()),
  }))();
export type FieldChange = z.infer<typeof FieldChange>;

export const HistoryEntry = /* @__PURE__ */ (() =>
  z
    .object({
      recordType: z.string(),
      recordId: z.string(),
      change: z.enum(['created', 'changed']),
      /** When the change was made. */
      at: z.string(),
      /** Who made it: a member's id, `public` (a form or survey), or `system:<function>`. */
      actor: z.optional(z.string()),
      /** The record's version after the change. */
      version: z.optional(z.int()),
      /** The event that announced the change (its id deduplicates). */
      eventId: z.string(),
      fields: z.array(FieldChange),
    })
    .check(z.meta({ id: 'HistoryEntry' })))();
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryQuery = /* @__PURE__ */ (() => z.strictObject({ limit: Limit(25), cursor: Cursor }))();
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** JSON with object keys sorted: two images of one value compare equal whatever order their maps came in. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stable(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** Each field that differs between the record before and after (a field made or removed too), by name. */
export function changedFields(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])].sort();
  return names
    .filter((name) => !BOOKKEEPING.has(name) && !same(before?.[name], after[name]))
    .map((field) => ({
      field,
      ...(before?.[field] === undefined ? {} : { before: before[field] }),
      ...(after[field] === undefined ? {} : { after: after[field] }),
    }));
}

/** The stored item of an entry of the record at `key`, expiring `retentionDays` after the change. */
export function historyItem(
  key: { readonly pk: string; readonly sk: string },
  entry: HistoryEntry,
  retentionDays: number,
): Record<string, unknown> {
  return {
    pk: key.pk,
    sk: `${historyRange(key.sk)}${entry.at}#${entry.eventId}`,
    type: 'HistoryEntry',
    ...entry,
    expiresAt: Math.floor(Date.parse(entry.at) / 1000) + retentionDays * 86_400,
  };
}
