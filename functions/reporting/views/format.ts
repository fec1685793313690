// The report's figures as people read them: counts, money, percentages, durations and dates as plain text, and
// a figure's value and change as escaped HTML (a dash, and "none" for screen readers, where there is none).

import { escapeHtml as html } from '../../platform/page.ts';
import type { Amount, Figure, MoneyFigure, Report } from '../report.ts';

/* ------------------------------------------------------------------------------------------------------------
 * Numbers as people read them. Functions here return plain text; it is escaped where it enters the page.
 * ---------------------------------------------------------------------------------------------------------- */

export type Kind = 'count' | 'percent' | 'mean' | 'seconds' | { readonly currency: string };
/** Which way is good news, for the colour of a change (the arrow and sign say it without colour). */
export type Better = 'up' | 'down' | 'neither';

export const finite = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A value there is to show: a finite number, or the exact digits of an amount past 2^53 − 1 (see Amount). */
export const shown = (value: Amount | null | undefined): value is Amount =>
  typeof value === 'string' || finite(value);

/** An amount as a number, for geometry only (a bar's height needs no last digit). */
export const approximately = (value: Amount | null | undefined): number | null =>
  typeof value === 'string' ? Number(value) : finite(value) ? value : null;

/** What a report calls deals without an owner (no member id has a space or brackets). */
export const NO_OWNER_NAME = '(no owner)';

/**
 * What the report calls each person it names: their name as it was when the report was made — with their id
 * after it where two people in the report share a name — or their id, for a report made before it knew names
 * (or someone no longer on the team); "(no owner)" for null.
 */
export function peopleOf(report: Report): (id: string | null) => string {
  const names = new Map<string, string>();
  const learn = (id: string | null, name: string | undefined) => {
    if (id !== null && name !== undefined && name !== '') names.set(id, name);
  };
  for (const owner of report.sales.byOwner) learn(owner.ownerId, owner.ownerName);
  for (const row of report.sales.quotaAttainment.byOwner) learn(row.ownerId, row.ownerName);
  for (const person of report.workload) learn(person.assigneeId, person.assigneeName);
  const uses = new Map<string, number>();
  for (const name of names.values()) uses.set(name, (uses.get(name) ?? 0) + 1);
  return (id) => {
    if (id === null) return NO_OWNER_NAME;
    const name = names.get(id);
    if (name === undefined) return id;
    return (uses.get(name) ?? 0) > 1 ? `${name} (${id})` : name;
  };
}

/** A whole amount's digits as a decimal `digits` places further left, exactly: "12345", 2 → "123.45". */
function shifted(minor: string, digits: number): Intl.StringNumericLiteral {
  const negative = minor.startsWith('-');
  const whole = (negative ? minor.slice(1) : minor).padStart(digits + 1, '0');
  const point = whole.length - digits;
  const text = `${negative ? '-' : ''}${whole.slice(0, point)}${digits === 0 ? '' : `.${whole.slice(point)}`}`;
  return text as Intl.StringNumericLiteral;
}
/** An amount as Intl formats it exactly (a string is read as a decimal, not converted to a number). */
const exactly = (value: Amount) => (typeof value === 'string' ? shifted(value, 0) : value);

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const TWO_DECIMALS = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COMPACT = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumSignificantDigits: 3 });
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

interface CurrencyFormat {
  readonly digits: number;
  readonly full: Intl.NumberFormat;
  readonly compact: Intl.NumberFormat;
}
const currencyFormats = new Map<string, CurrencyFormat | undefined>();

/** The formats of an ISO 4217 currency, whose minor-unit exponent Intl knows; undefined for any other code. */
export function currencyFormat(currency: string): CurrencyFormat | undefined {
  if (!currencyFormats.has(currency)) {
    let format: CurrencyFormat | undefined;
    if (/^[A-Z]{3}$/.test(currency) && KNOWN_CURRENCIES.has(currency)) {
      const full = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
      const compact = new Intl.NumberFormat('en-GB', {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumSignificantDigits: 3,
      });
      format = { digits: full.resolvedOptions().maximumFractionDigits ?? 2, full, compact };
    }
    currencyFormats.set(currency, format);
  }
  return currencyFormats.get(currency);
}

/**
 * An amount in minor units in its currency, to the last digit however large; a code Intl does not know stays in
 * minor units, and says so.
 */
export function formatMoney(minor: Amount, currency: string, compact = false): string {
  if (!shown(minor)) return '–';
  const format = currencyFormat(currency);
  if (format === undefined) {
    // Compact labels sit on an axis or a bar whose panel names the currency and says "minor units".
    return compact
      ? COMPACT.format(exactly(minor))
      : `${COUNT.format(exactly(minor))} ${clip(currency, 12)} (minor units)`;
  }
  const major = typeof minor === 'string' ? shifted(minor, format.digits) : minor / 10 ** format.digits;
  return (compact ? format.compact : format.full).format(major);
}

function formatSeconds(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min ${rest} s`;
}

/** A value of a kind (a dash for a number that is not finite, which a report should never hold). */
export function format(kind: Kind, value: Amount): string {
  if (!shown(value)) return '–';
  if (typeof kind === 'object') return formatMoney(value, kind.currency);
  if (kind === 'count') return COUNT.format(exactly(value));
  // Only amounts are ever past 2^53 (and so strings); the other kinds are numbers.
  const number = Number(value);
  switch (kind) {
    case 'percent':
      return `${ONE_DECIMAL.format(number)}%`;
    case 'mean':
      return TWO_DECIMALS.format(number);
    case 'seconds':
      return formatSeconds(number);
  }
}

/** -1, 0 or 1, exactly for an amount's digits too. */
const signOf = (value: Amount) =>
  typeof value === 'string' ? (value.startsWith('-') ? -1 : /^0+$/.test(value) ? 0 : 1) : Math.sign(value);
const sizeOf = (value: Amount): Amount =>
  typeof value === 'string' ? value.replace(/^-/, '') : Math.abs(value);

/** A change with its sign; percentages change by percentage points. */
function formatChange(kind: Kind, change: Amount): string {
  const sign = signOf(change) > 0 ? '+' : signOf(change) < 0 ? '−' : '±';
  const size = sizeOf(change);
  if (kind === 'percent') return `${sign}${ONE_DECIMAL.format(Number(size))} pts`;
  return `${sign}${format(kind, size)}`;
}

/* ------------------------------------------------------------------------------------------------------------
 * Text and HTML pieces.
 * ---------------------------------------------------------------------------------------------------------- */

/** At most `max` characters (whole code points, line breaks and controls as spaces), `…` when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/[\s\p{Cc}]+/gu, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

export const NONE = '<span aria-hidden="true">–</span><span class="sr">none</span>';

export function value(kind: Kind, figure: Amount | null): string {
  return shown(figure) ? html(format(kind, figure)) : NONE;
}

export function change(kind: Kind, figure: Figure | MoneyFigure, better: Better): string {
  if (!shown(figure.change)) return `<span class="d">${NONE}</span>`;
  if (signOf(figure.change) === 0) {
    return `<span class="d flat"><span aria-hidden="true">■ </span><span class="sr">no change, </span>${html(formatChange(kind, 0))}</span>`;
  }
  const up = signOf(figure.change) > 0;
  const tone = better === 'neither' ? '' : (better === 'up') === up ? ' good' : ' bad';
  return `<span class="d ${up ? 'up' : 'down'}${tone}"><span aria-hidden="true">${up ? '▲' : '▼'} </span><span class="sr">${up ? 'up' : 'down'} </span>${html(formatChange(kind, figure.change))}</span>`;
}

export const NO_DATA = (what: string) =>
  `<p class="empty" role="note"><strong>No data for this period.</strong> ${html(what)}</p>`;

/* ------------------------------------------------------------------------------------------------------------
 * Dates.
 * ---------------------------------------------------------------------------------------------------------- */

function parseDay(day: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const LONG_DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const WHEN = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** `start` inclusive to `end` exclusive, as people say it (“1 – 30 November 2026”). */
export function range(start: string, end: string): string {
  const from = parseDay(start);
  const to = parseDay(end);
  if (from === undefined || to === undefined || to <= from) return `${start} to ${end} (exclusive)`;
  return LONG_DAY.formatRange(from, new Date(to.getTime() - 86_400_000));
}

export function periodName(report: Report): string {
  const start = parseDay(report.start);
  if (report.period === 'month' && start !== undefined) return MONTH.format(start);
  return range(report.start, report.end);
}

export function generated(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : `${WHEN.format(date)} UTC`;
}

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
/** A day under a bar: weekday and date when the days are few (`long`), the date alone otherwise. */
export function dayLabel(day: string, long: boolean): string {
  const date = parseDay(day);
  if (date === undefined) return clip(day, 5);
  return long ? WEEKDAY.format(date) : String(date.getUTCDate());
}
