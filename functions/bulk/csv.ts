// Reading a CSV file as spreadsheets and CRMs write it: UTF-8 with or without a byte-order mark, comma,
// semicolon (European spreadsheets) or tab separated, quoted fields with embedded newlines and quotes, CRLF or
// LF. Streamed through csv-parse: memory holds one record at a time, whatever the file's size. A record that
// cannot be read (a stray quote) is reported and skipped, not the end of the file; each record carries the
// byte offset where the next one starts, so an import can resume from a checkpoint.
import { parse } from 'csv-parse';

export type Delimiter = ',' | ';' | '\t';
const UTF16_LE = Buffer.from([0xff, 0xfe]);
const UTF16_BE = Buffer.from([0xfe, 0xff]);
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** The longest record read, in characters: a file without line breaks is not read into memory whole. */
export const MAX_RECORD_CHARS = 1_000_000;

export interface CsvRecord {
  /** 1 for the header, 2 for the first data row: the row as a spreadsheet numbers it. */
  readonly row: number;
  /** The line of the file the record starts on (a quoted field may span several). */
  readonly line: number;
  readonly cells: readonly string[];
  /** The byte offset just past this record: where reading resumes after it. */
  readonly end: number;
}

export type CsvItem = { readonly record: CsvRecord };

/**
 * A file that cannot be read on from a point: a record longer than MAX_RECORD_CHARS (most likely a quote left
 * open), a quoted field with text after its closing quote, a file that is not UTF-8. The end of reading, not
 * a row error: after it the parser cannot tell where the next record starts, and a guess would import the
 * rest of the file shifted or twice.
 */
export class FileUnreadable extends Error {
  constructor(
    readonly row: number,
    readonly line: number,
    why: string,
  ) {
    super(row === 0 ? why : `Row ${row} (from line ${line}) cannot be read: ${why}`);
    this.name = 'FileUnreadable';
  }
}

const WHY: Readonly<Record<string, string>> = {
  CSV_MAX_RECORD_SIZE: `it is over ${MAX_RECORD_CHARS.toLocaleString('en')} characters — most likely a quote left open, which makes the rest of the file one field. Fix that row and upload the file again.`,
  CSV_QUOTE_NOT_CLOSED:
    'a quote is left open to the end of the file. Fix that row and upload the file again.',
  CSV_INVALID_CLOSING_QUOTE:
    'a quoted field has text after its closing quote (write a quote inside a quoted field as two). Fix that row and upload the file again.',
};

/**
 * The separator of a file from its first line: whichever of comma, semicolon and tab occurs most outside
 * quotes (comma on a tie, or a single column).
 */
export function sniffDelimiter(firstLine: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as Delimiter))
      counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const delimiter of DELIMITERS)
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

export interface ReadOptions {
  /** The separator; sniffed from the header line when absent. */
  readonly delimiter?: Delimiter;
  /**
   * Resume after a checkpoint: the source starts at byte `offset` of the file (a record's `end`), whose record
   * there is row `row`; no header is read (the caller has it).
   */
  readonly resume?: { readonly offset: number; readonly row: number; readonly line: number };
}

/**
 * The records of a CSV file, the header first (row 1) unless resuming, and the records that could not be read,
 * in file order. `source` yields the file's bytes (a stream, an S3 body, a file).
 */
export async function* readCsv(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadOptions = {},
): AsyncGenerator<CsvItem & { readonly delimiter: Delimiter }> {
  const iterator = source[Symbol.asyncIterator]();
  // Without a given separator, enough of the file to see its first line (up to a line break outside quotes)
  // before the parser starts. Quotes and line breaks are ASCII, so the bytes are scanned as they come.
  const head: Buffer[] = [];
  let headBytes = 0;
  let lineEnd = -1;
  let quoted = false;
  let done = false;
  while (options.delimiter === undefined && lineEnd < 0 && headBytes <= MAX_RECORD_CHARS) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : Buffer.from(next.value);
    for (let index = 0; index < chunk.length && lineEnd < 0; index++) {
      const byte = chunk[index];
      if (byte === 0x22) quoted = !quoted;
      else if (!quoted && (byte === 0x0a || byte === 0x0d)) lineEnd = headBytes + index;
    }
    head.push(chunk);
    headBytes += chunk.length;
  }
  const start = Buffer.concat(head);
  const separator =
    options.delimiter ??
    sniffDelimiter(
      start
        .subarray(0, lineEnd < 0 ? start.length : lineEnd)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );

  const offset = options.resume?.offset ?? 0;
  const firstRow = options.resume?.row ?? 1;
  const firstLine = options.resume?.line ?? 1;
  // Rows are numbered as the parser meets them.
  let met = 0;
  let lastLines = 0;
  const placed: Omit<CsvRecord, 'cells'>[] = [];
  if (
    options.resume === undefined &&
    (start.subarray(0, 2).equals(UTF16_LE) || start.subarray(0, 2).equals(UTF16_BE))
  ) {
    await iterator.return?.();
    throw new FileUnreadable(
      0,
      1,
      'The file is UTF-16 (Excel\'s "Unicode text"): save it as "CSV UTF-8" and upload it again.',
    );
  }
  const parser = parse({
    bom: options.resume === undefined,
    delimiter: separator,
    // Each of these ends a record wherever it is met, so a reader resuming mid-file splits records exactly as
    // the first did (left to itself, the parser takes the first line end it meets for the whole file).
    record_delimiter: ['\r\n', '\n', '\r'],
    // A quote inside an unquoted field is a character, as spreadsheets read it (`John "Johnny" Smith`).
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    // Called as each record is parsed, in file order: where it is in the file.
    on_record: (cells, context) => {
      placed.push({ row: firstRow + met, line: firstLine + lastLines, end: offset + context.bytes });
      met += 1;
      lastLines = context.lines;
      return cells;
    },
  });
  // Where the parser would take up again after an error is a guess, not a record boundary it can name: every
  // error ends the reading, saying where (the next record would have been row `met`).
  const unreadable = (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    const why = (typeof code === 'string' ? WHY[code] : undefined) ?? `${(error as Error).message}.`;
    return new FileUnreadable(firstRow + met, firstLine + lastLines, why);
  };
  // Feed the parser from the source, honouring its backpressure (until it drains, or is closed because the
  // reader stopped); a source's failure fails the parser.
  const writable = () =>
    new Promise((resolve) => {
      parser.once('drain', resolve);
      parser.once('close', resolve);
    });
  const feed = (async () => {
    if (start.length > 0 && !parser.write(start)) await writable();
    while (!done && !parser.destroyed) {
      const next = await iterator.next();
      if (next.done === true) break;
      if (!parser.write(next.value)) await writable();
    }
    if (!parser.destroyed) parser.end();
  })();
  feed.catch((error: unknown) => parser.destroy(error instanceof Error ? error : new Error(String(error))));

  let finished = false;
  try {
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        const record: CsvRecord = { ...(placed.shift() as Omit<CsvRecord, 'cells'>), cells };
        yield { record, delimiter: separator };
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // The parser's own errors (CSV_…) are the file's; the source's (a read that failed) are not.
      if (typeof code === 'string' && code.startsWith('CSV_')) throw unreadable(error);
      throw error;
    }
    finished = true;
  } finally {
    // A reader that stops early (a preview of the first rows) closes the source too.
    if (!finished) {
      parser.destroy();
      await iterator.return?.();
    }
  }
  await feed;
}
