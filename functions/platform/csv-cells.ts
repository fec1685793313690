// CSV as Clientele writes it (reports, an import's errors, exports): RFC 4180 fields, CRLF line ends, and text
// a spreadsheet would read as a formula made harmless.

const NUMBER = /^-?\d+(\.\d+)?$/;
// The characters spreadsheets start a formula (or a DDE call) with, the full-width ones included.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A text cell made harmless for spreadsheets; numbers (`-12.5`) stay numbers. Text already starting with `'`
 * gets one too, so the rule can be undone exactly: drop the first `'` of any text cell that starts with one.
 */
export function neutralise(text: string): string {
  return (FORMULA_START.test(text) || text.startsWith("'")) && !NUMBER.test(text) ? `'${text}` : text;
}

/** A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a quote, comma, CR or LF. */
export function csvField(text: string): string {
  const safe = neutralise(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record: its fields, comma separated, and CRLF. */
export const csvLine = (cells: readonly string[]) => `${cells.map(csvField).join(',')}\r\n`;
