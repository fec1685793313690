// A contacts file read through without writing anything: the mapping used, the first rows as they would be
// stored, and every row's errors (up to a limit, then counted) — what a dry run answers, and what an import
// checks before its first write.
import { Invalid } from '../platform/errors.ts';
import {
  type ColumnMapping,
  type ColumnTarget,
  type ContactRow,
  contactRow,
  mapColumns,
  type RowError,
  type UnknownColumns,
} from './contact-mapping.ts';
import { type Delimiter, readCsv } from './csv.ts';

export interface ContactFileOptions {
  /** Header → target, taken before the recognised headers. */
  readonly mapping?: Readonly<Record<string, ColumnTarget>>;
  readonly unknownColumns?: UnknownColumns;
  readonly delimiter?: Delimiter;
}

export interface ContactPreview {
  readonly delimiter: Delimiter;
  readonly columns: readonly ColumnMapping[];
  /** Data rows read (the header not counted). */
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  /** The first valid rows, as they would be stored. */
  readonly sample: readonly ContactRow[];
  /** Every row's errors, in file order, up to `maxErrors`. */
  readonly errors: readonly RowError[];
  /** More errors were found than are listed. */
  readonly errorsTruncated: boolean;
}

export const SAMPLE_ROWS = 10;
/** A header's columns, and a header's length, at most (what an import keeps of them stays small). */
export const MAX_COLUMNS = 200;
export const MAX_HEADER_CHARS = 200;
export const MAX_LISTED_ERRORS = 1000;

/**
 * Read a contacts file through: its header mapped, each row checked. Invalid (naming the problem) when the
 * file has no header, or `mapping` names a header the file does not have, or no column gives a contact a name
 * or an e-mail address.
 */
export async function previewContacts(
  source: AsyncIterable<Uint8Array | string>,
  options: ContactFileOptions = {},
  { sample = SAMPLE_ROWS, maxErrors = MAX_LISTED_ERRORS } = {},
): Promise<ContactPreview> {
  let columns: readonly ColumnMapping[] | undefined;
  let delimiter: Delimiter = options.delimiter ?? ',';
  let rows = 0;
  let valid = 0;
  const sampled: ContactRow[] = [];
  const errors: RowError[] = [];
  let errorCount = 0;
  const fail = (rowErrors: readonly RowError[]) => {
    errorCount += rowErrors.length;
    for (const error of rowErrors) if (errors.length < maxErrors) errors.push(error);
  };
  for await (const item of readCsv(
    source,
    options.delimiter === undefined ? {} : { delimiter: options.delimiter },
  )) {
    delimiter = item.delimiter;
    if (columns === undefined) {
      columns = headerColumns(item.record.cells, options);
      continue;
    }
    rows += 1;
    const outcome = contactRow(item.record.row, item.record.cells, columns);
    if ('errors' in outcome) {
      fail(outcome.errors);
      continue;
    }
    valid += 1;
    if (sampled.length < sample) sampled.push(outcome.value);
  }
  if (columns === undefined)
    throw new Invalid([{ path: 'file', message: 'The file is empty: it needs a header row.' }]);
  return {
    delimiter,
    columns,
    rows,
    valid,
    invalid: rows - valid,
    sample: sampled,
    errors,
    errorsTruncated: errorCount > errors.length,
  };
}

/** The header's columns, or Invalid naming what makes the file unusable as contacts. */
export function headerColumns(
  headers: readonly string[],
  options: ContactFileOptions,
): readonly ColumnMapping[] {
  if (headers.length > MAX_COLUMNS)
    throw new Invalid([
      { path: 'file', message: `The header has ${headers.length} columns; at most ${MAX_COLUMNS} are read.` },
    ]);
  const long = headers.findIndex((header) => header.length > MAX_HEADER_CHARS);
  if (long >= 0)
    throw new Invalid([
      {
        path: 'file',
        message: `Column ${long + 1}'s header is ${headers[long]?.length} characters long; at most ${MAX_HEADER_CHARS}: is the first line the header?`,
      },
    ]);
  const { columns, missing } = mapColumns(headers, options.mapping, options.unknownColumns);
  if (missing.length > 0)
    throw new Invalid([
      {
        path: 'mapping',
        message: `The file has no column ${missing.map((header) => JSON.stringify(header)).join(', ')} (its columns: ${headers.map((header) => JSON.stringify(header)).join(', ')}).`,
      },
    ]);
  const targets = new Set(columns.map((column) => column.target));
  if (!['name', 'firstName', 'lastName', 'email'].some((field) => targets.has(field as ColumnTarget)))
    throw new Invalid([
      {
        path: 'mapping',
        message: `No column gives a contact a name or an e-mail address (its columns: ${headers.map((header) => JSON.stringify(header)).join(', ')}); map one, e.g. {"mapping": {"<header>": "email"}}.`,
      },
    ]);
  return columns;
}
