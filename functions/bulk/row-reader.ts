// An uploaded file's rows from a position on, read ahead as a batch needs them and kept until the batch is
// committed: a batch planned again (its transaction raced another writer) reads the same rows without
// reading the file again, and a position the reader is not at opens the file there (a byte range).
import type { Delimiter } from './csv.ts';
import { type CsvItem, readCsv } from './csv.ts';
import type { Position } from './import.ts';
import { readUpload } from './uploads.ts';

/** A row read, with where it starts: the position to resume from when it is the next to do. */
export interface ReadRow {
  readonly item: CsvItem;
  readonly at: Position;
}

const rowOf = (item: CsvItem) => item.record;

export class RowReader {
  private iterator: AsyncIterator<CsvItem> | undefined;
  /** Rows read and not yet committed, in file order. */
  private buffer: ReadRow[] = [];
  /** Where the buffer's first row starts (or, with an empty buffer, the next row read will). */
  private at: number | undefined;
  private ended = false;

  constructor(
    private readonly file: {
      readonly upload: string;
      readonly etag: string;
      readonly delimiter: Delimiter;
      /** Where reading stops (a chunk's end); the file's end when absent. */
      readonly end?: number;
      /** Keep where rows are, not their cells (the splitter: a thousand rows of big cells stay small). */
      readonly positionsOnly?: boolean;
    },
  ) {}

  /**
   * Up to `count` rows from `from`, and where the row after them starts (undefined: none, the file or range
   * ends there).
   */
  async take(from: Position, count: number): Promise<{ rows: readonly ReadRow[]; after?: Position }> {
    if (this.at !== from.offset) await this.open(from);
    while (this.buffer.length <= count && !this.ended) {
      const next = await this.iterator?.next();
      if (next === undefined || next.done === true) {
        this.ended = true;
        break;
      }
      const previous = this.buffer.at(-1);
      const start = previous === undefined ? (this.at ?? from.offset) : rowOf(previous.item).end;
      const { row, line } = rowOf(next.value);
      const item =
        this.file.positionsOnly === true ? { record: { ...next.value.record, cells: [] } } : next.value;
      this.buffer.push({ item, at: { offset: start, row, line } });
    }
    const rows = this.buffer.slice(0, count);
    const after = this.buffer[count]?.at;
    return after === undefined ? { rows } : { rows, after };
  }

  /** The first `used` rows are done: the next take starts after them. */
  commit(used: number): void {
    const last = this.buffer[used - 1];
    this.buffer = this.buffer.slice(used);
    if (last !== undefined) this.at = rowOf(last.item).end;
  }

  async close(): Promise<void> {
    const iterator = this.iterator;
    this.iterator = undefined;
    await iterator?.return?.();
  }

  private async open(from: Position): Promise<void> {
    await this.close();
    this.buffer = [];
    this.ended = false;
    this.at = from.offset;
    const source = readUpload(this.file.upload, {
      start: from.offset,
      ...(this.file.end === undefined ? {} : { end: this.file.end }),
      etag: this.file.etag,
    });
    this.iterator = readCsv(source, { delimiter: this.file.delimiter, resume: from })[Symbol.asyncIterator]();
  }
}
