// An import of a contacts file: what is asked for (POST /imports), the record that follows it (state, counts,
// where the splitting has got to), its chunks (a share of the file's rows each, worked on in parallel) and
// its rows' errors. Keys and items: entity.ts; the work: import-store.ts.
import { authorship, Id } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';
import { CONTACT_IMPORT_FIELDS } from './contact-mapping.ts';

export const IMPORT_TYPES = ['contacts'] as const;
/** `running`: its file is being split into chunks and the chunks worked on; `done`: every row is. */
export const IMPORT_STATES = ['running', 'done', 'failed'] as const;
/** What a row whose e-mail (or whose person, without one) is known already does to that contact. */
export const EXISTING = ['update', 'skip'] as const;

const Count = /* @__PURE__ */ (() => z.int().check(z.minimum(0)))();
const Timestamp = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();

/** A column's target as asked for: a field, `custom:<name>` (an account custom field) or `ignore`. */
export const ColumnTargetSchema = /* @__PURE__ */ (() =>
  z.union([
    z.enum([...CONTACT_IMPORT_FIELDS, 'ignore']),
    z.templateLiteral(['custom:', z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/))]),
  ]))();

export const ImportRequest = /* @__PURE__ */ (() =>
  z
    .strictObject({
      /** The upload (POST /uploads) whose file to import. */
      upload: Id,
      /** What the file's rows are. */
      records: z._default(z.enum(IMPORT_TYPES), 'contacts'),
      mapping: z.optional(
        z.record(z.string().check(z.minLength(1), z.maxLength(200)), ColumnTargetSchema).check(
          z.refine((mapping) => Object.keys(mapping).length <= 200, {
            message: 'At most 200 columns.',
          }),
          z.meta({
            description: `Header → field (${CONTACT_IMPORT_FIELDS.join(', ')}), \`custom:<name>\` (an account custom field) or \`ignore\`; taken before the recognised headers.`,
          }),
        ),
      ),
      unknownColumns: z._default(z.enum(['report', 'custom']), 'report').check(
        z.meta({
          description:
            'Columns neither mapped nor recognised: reported in the preview (`report`) or kept as account custom fields (`custom`).',
        }),
      ),
      existing: z._default(z.enum(EXISTING), 'update').check(
        z.meta({
          description:
            'A row whose e-mail is a contact already: `update` fills in what the row has and the contact differs in; `skip` leaves the contact as it is.',
        }),
      ),
      delimiter: z.optional(z.enum([',', ';', '\t'])),
      dryRun: z._default(z.boolean(), false).check(
        z.meta({
          description: 'Answer with a preview (the mapping, the first rows, every error), writing nothing.',
        }),
      ),
    })
    .check(z.meta({ id: 'ImportRequest' })))();
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportCounts = /* @__PURE__ */ (() =>
  z
    .object({
      /** Data rows read so far (all of them once the file is split). */
      rows: Count,
      /** Rows done: created + updated + skipped + failed. */
      done: Count,
      created: Count,
      updated: Count,
      skipped: Count,
      failed: Count,
      /** Accounts made for rows whose company was not one yet. */
      accountsCreated: Count,
    })
    .check(z.meta({ id: 'ImportCounts' })))();
export type ImportCounts = z.infer<typeof ImportCounts>;

export const NO_COUNTS: ImportCounts = {
  rows: 0,
  done: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  failed: 0,
  accountsCreated: 0,
};

const Column = /* @__PURE__ */ (() =>
  z.object({
    column: Count,
    header: z.string(),
    target: z.string(),
    by: z.enum(['mapping', 'header', 'unknown columns']),
  }))();

/** Where reading goes on: a record's start (byte offset), its row number and the line it starts on. */
export const Position = /* @__PURE__ */ (() =>
  z.object({ offset: Count, row: z.int().check(z.minimum(2)), line: z.int().check(z.minimum(1)) }))();
export type Position = z.infer<typeof Position>;

export const Import = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      /** What the file's rows are (the item's own `type` is the record's). */
      records: z.enum(IMPORT_TYPES),
      upload: Id,
      state: z.enum(IMPORT_STATES),
      existing: z.enum(EXISTING),
      delimiter: z.enum([',', ';', '\t']),
      /** The mapping used: each column's target and how it was chosen. */
      columns: z.array(Column),
      file: z.object({ bytes: Count, etag: z.string() }),
      /** Where the splitting has got to (the next chunk starts there); absent once the file is split. */
      split: z.optional(Position),
      /** Rows per chunk (the last may have fewer). */
      chunkRows: z.int().check(z.minimum(1)),
      chunks: Count,
      counts: ImportCounts,
      /** Why the import stopped (state `failed`). */
      error: z.optional(z.string()),
      completedAt: z.optional(Timestamp),
      batches: Count,
      run: z.int(),
      handOver: z.boolean(),
      createdAt: Timestamp,
      ...authorship(),
      updatedAt: Timestamp,
      version: z.int().check(z.minimum(1)),
    })
    .check(z.meta({ id: 'Import' })))();
export type Import = z.infer<typeof Import>;

/** A share of an import's rows, between two byte offsets of its file, worked on by one run at a time. */
export const ImportChunk = /* @__PURE__ */ (() =>
  z
    .object({
      /** The import's id and the chunk's number: `<importId>.<n>`. */
      id: z.string(),
      importId: Id,
      n: z.int().check(z.minimum(1)),
      state: z.enum(['ready', 'done']),
      start: Position,
      /** The byte offset just past its last row. */
      end: Count,
      rows: Count,
      /** Where the next batch of its rows starts. */
      cursor: Position,
      counts: ImportCounts,
      createdAt: Timestamp,
      ...authorship(),
      updatedAt: Timestamp,
      version: z.int().check(z.minimum(1)),
    })
    .check(z.meta({ id: 'ImportChunk' })))();
export type ImportChunk = z.infer<typeof ImportChunk>;

export const ImportError = /* @__PURE__ */ (() =>
  z
    .object({
      row: z.int(),
      column: z.optional(z.string()),
      message: z.string(),
    })
    .check(z.meta({ id: 'ImportError' })))();
export type ImportError = z.infer<typeof ImportError>;

export const ImportPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();

/** A chunk's counts added to the import's. */
export function addCounts(a: ImportCounts, b: Partial<ImportCounts>): ImportCounts {
  return {
    rows: a.rows + (b.rows ?? 0),
    done: a.done + (b.done ?? 0),
    created: a.created + (b.created ?? 0),
    updated: a.updated + (b.updated ?? 0),
    skipped: a.skipped + (b.skipped ?? 0),
    failed: a.failed + (b.failed ?? 0),
    accountsCreated: a.accountsCreated + (b.accountsCreated ?? 0),
  };
}

/** A dry run's answer: the mapping used, the first rows as they would be stored, every row's errors. */
export const ImportPreview = /* @__PURE__ */ (() =>
  z
    .object({
      dryRun: z.literal(true),
      delimiter: z.enum([',', ';', '\t']),
      columns: z.array(Column),
      rows: Count,
      valid: Count,
      invalid: Count,
      sample: z.array(
        z.object({
          row: z.int(),
          contact: z.object({
            name: z.string(),
            email: z.optional(z.string()),
            phone: z.optional(z.string()),
            role: z.optional(z.string()),
            decisionMaker: z.boolean(),
          }),
          given: z.array(z.string()),
          account: z.object({
            name: z.string(),
            domain: z.optional(z.string()),
            lifecycleStage: z.optional(z.string()),
            tags: z.array(z.string()),
            leadScore: z.optional(z.number()),
            custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
          }),
        }),
      ),
      errors: z.array(ImportError),
      /** More errors were found than are listed (the import's own error list has them all). */
      errorsTruncated: z.boolean(),
    })
    .check(z.meta({ id: 'ImportPreview' })))();

export const ImportErrorQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 1000),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
    format: z._default(z.enum(['json', 'csv']), 'json'),
  }))();

/** POST /imports answers 200 with the import asked for again, or (dryRun) with its preview. */
export const ImportOrPreview = /* @__PURE__ */ (() => z.union([Import, ImportPreview]))();
