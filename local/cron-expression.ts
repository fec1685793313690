// EventBridge Scheduler's schedule expressions, as the local cron reads them: parses cron(...) and rate(...)
// (UTC, days of the week 1 = SUN … 7 = SAT) and works out when a schedule fires next.

export class InvalidScheduleExpression extends Error {
  override readonly name = 'InvalidScheduleExpression';
  constructor(
    readonly expression: string,
    /** The field at fault (`minutes`, `day-of-week`, `rate value`…), when one is. */
    readonly field: string | undefined,
    reason: string,
    /** The field's text as written. */
    text?: string,
  ) {
    const where = field === undefined ? '' : `${field}${text === undefined ? '' : ` "${text}"`}: `;
    super(`Invalid schedule expression "${expression}": ${where}${reason}`);
  }
}

export type DayOfMonth =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'days'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'last' }
  | { readonly kind: 'last-weekday' }
  | { readonly kind: 'nearest-weekday'; readonly day: number };

/** Days of the week numbered as EventBridge does: 1 = SUN … 7 = SAT. */
export type DayOfWeek =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'days'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'last'; readonly day: number }
  | { readonly kind: 'nth'; readonly day: number; readonly nth: number };

export interface CronSchedule {
  readonly kind: 'cron';
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly dayOfMonth: DayOfMonth;
  readonly months: ReadonlySet<number>;
  readonly dayOfWeek: DayOfWeek;
  readonly years: ReadonlySet<number>;
}

export interface RateSchedule {
  readonly kind: 'rate';
  readonly expression: string;
  readonly intervalMs: number;
}

export type ParsedSchedule = CronSchedule | RateSchedule;

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names of min, min + 1, … */
  readonly names?: readonly string[];
}

const MINUTES: FieldSpec = { name: 'minutes', min: 0, max: 59 };
const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 1,
  max: 7,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};
const YEAR: FieldSpec = { name: 'year', min: 1970, max: 2199 };

const MINUTE_MS = 60_000;
const RATE_UNITS = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: 24 * 60 * MINUTE_MS } as const;

/** Parse an EventBridge Scheduler `cron(...)` or `rate(...)` expression; throws InvalidScheduleExpression. */
export function parseScheduleExpression(expression: string): ParsedSchedule {
  const wrapped = /^\s*(\w+)\((.*)\)\s*$/s.exec(expression);
  const [kind, body] = [wrapped?.[1], wrapped?.[2] ?? ''];
  if (kind === 'cron') return parseCron(expression, body);
  if (kind === 'rate') return parseRate(expression, body);
  if (kind === 'at') {
    throw new InvalidScheduleExpression(
      expression,
      undefined,
      'one-time at(...) schedules are not supported',
    );
  }
  throw new InvalidScheduleExpression(expression, undefined, 'expected cron(...) or rate(...)');
}

function parseRate(expression: string, body: string): RateSchedule {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 2) {
    throw new InvalidScheduleExpression(
      expression,
      undefined,
      'rate() takes a value and a unit, e.g. rate(5 minutes)',
    );
  }
  const [value = '', unit = ''] = parts;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidScheduleExpression(expression, 'rate value', 'not a positive whole number', value);
  }
  const count = Number(value);
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  if (!(singular in RATE_UNITS)) {
    throw new InvalidScheduleExpression(
      expression,
      'rate unit',
      'not one of minute, minutes, hour, hours, day, days',
      unit,
    );
  }
  // As EventBridge requires: rate(1 hour) and rate(5 hours), never rate(1 hours) or rate(5 hour).
  if ((count === 1) !== (unit === singular)) {
    throw new InvalidScheduleExpression(
      expression,
      'rate unit',
      `must be ${count === 1 ? 'singular' : 'plural'} with the value ${count}`,
      unit,
    );
  }
  return { kind: 'rate', expression, intervalMs: count * RATE_UNITS[singular as keyof typeof RATE_UNITS] };
}

function parseCron(expression: string, body: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new InvalidScheduleExpression(
      expression,
      undefined,
      `cron() takes 6 fields (minutes hours day-of-month month day-of-week year), not ${body.trim() === '' ? 0 : fields.length}`,
    );
  }
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  const parsed: CronSchedule = {
    kind: 'cron',
    expression,
    minutes: parseList(expression, MINUTES, minutes),
    hours: parseList(expression, HOURS, hours),
    dayOfMonth: parseDayOfMonth(expression, dayOfMonth),
    months: parseList(expression, MONTH, month),
    dayOfWeek: parseDayOfWeek(expression, dayOfWeek),
    years: parseList(expression, YEAR, year),
  };
  const unspecified = [parsed.dayOfMonth, parsed.dayOfWeek].filter((day) => day.kind === 'unspecified');
  if (unspecified.length !== 1) {
    throw new InvalidScheduleExpression(
      expression,
      'day-of-month/day-of-week',
      unspecified.length === 0
        ? `"${dayOfMonth}" and "${dayOfWeek}" cannot both be given; use ? in one of them`
        : 'exactly one of them must be ?, not both',
    );
  }
  return parsed;
}

function fieldError(expression: string, spec: FieldSpec, text: string, reason: string) {
  return new InvalidScheduleExpression(expression, spec.name, reason, text);
}

function parseValue(expression: string, spec: FieldSpec, text: string, whole: string): number {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) {
      throw fieldError(expression, spec, whole, `${value} is outside ${spec.min}–${spec.max}`);
    }
    return value;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return spec.min + index;
  const allowed =
    spec.names === undefined
      ? `numbers ${spec.min}–${spec.max}`
      : `${spec.min}–${spec.max} or ${spec.names[0]}–${spec.names[spec.names.length - 1]}`;
  throw fieldError(expression, spec, whole, `"${text}" is not one of ${allowed}`);
}

/** `*`, values, names, ranges `a-b`, steps `*\/n`, `a/n`, `a-b/n`, and lists of these. */
function parseList(expression: string, spec: FieldSpec, text: string): ReadonlySet<number> {
  if (text === '?') {
    throw fieldError(expression, spec, text, '? is only allowed in day-of-month or day-of-week');
  }
  if (
    /[LW#]/i.test(
      text.replace(/[A-Z]{3}/gi, (name) => (spec.names?.includes(name.toUpperCase()) ? '' : name)),
    )
  ) {
    throw fieldError(expression, spec, text, 'L, W and # are not supported in this field');
  }
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw fieldError(expression, spec, text, 'a list item is empty');
    const [range = '', step, extra] = item.split('/');
    if (extra !== undefined) throw fieldError(expression, spec, text, `"${item}" has more than one /`);
    let increment = 1;
    if (step !== undefined) {
      increment = Number(step);
      if (!/^\d+$/.test(step) || increment < 1 || increment > spec.max - spec.min + 1) {
        throw fieldError(
          expression,
          spec,
          text,
          `the step "${step}" is not a whole number from 1 to ${spec.max - spec.min + 1}`,
        );
      }
    }
    let start: number;
    let end: number;
    if (range === '*') {
      [start, end] = [spec.min, spec.max];
    } else if (range.includes('-')) {
      const bounds = range.split('-');
      if (bounds.length !== 2) throw fieldError(expression, spec, text, `"${range}" is not a range a-b`);
      start = parseValue(expression, spec, bounds[0] ?? '', text);
      end = parseValue(expression, spec, bounds[1] ?? '', text);
      if (end < start) {
        throw fieldError(
          expression,
          spec,
          text,
          `the range "${range}" runs backwards (wrap-around ranges are not supported)`,
        );
      }
    } else {
      start = parseValue(expression, spec, range, text);
      // `a/n` runs from a to the end of the field, as Quartz (and so EventBridge) reads it.
      end = step === undefined ? start : spec.max;
    }
    for (let value = start; value <= end; value += increment) values.add(value);
  }
  return values;
}

function parseDayOfMonth(expression: string, text: string): DayOfMonth {
  const upper = text.toUpperCase();
  if (upper === '?') return { kind: 'unspecified' };
  if (upper === 'L') return { kind: 'last' };
  if (upper === 'LW') return { kind: 'last-weekday' };
  const nearest = /^(\d+)W$/.exec(upper);
  if (nearest !== null) {
    return { kind: 'nearest-weekday', day: parseValue(expression, DAY_OF_MONTH, nearest[1] ?? '', text) };
  }
  if (/[LW#]/.test(upper)) {
    throw fieldError(
      expression,
      DAY_OF_MONTH,
      text,
      'not supported: L, LW and nW (the weekday nearest day n) must stand alone, and # belongs in day-of-week',
    );
  }
  return { kind: 'days', days: parseList(expression, DAY_OF_MONTH, text) };
}

function parseDayOfWeek(expression: string, text: string): DayOfWeek {
  const upper = text.toUpperCase();
  if (upper === '?') return { kind: 'unspecified' };
  // L alone is the last day of the week: Saturday.
  if (upper === 'L') return { kind: 'days', days: new Set([7]) };
  const last = /^(\d+|[A-Z]{3})L$/.exec(upper);
  if (last !== null) return { kind: 'last', day: parseValue(expression, DAY_OF_WEEK, last[1] ?? '', text) };
  const nth = /^(\d+|[A-Z]{3})#(\d+)$/.exec(upper);
  if (nth !== null) {
    const day = parseValue(expression, DAY_OF_WEEK, nth[1] ?? '', text);
    const count = Number(nth[2]);
    if (count < 1 || count > 5) {
      throw fieldError(expression, DAY_OF_WEEK, text, `#${count}: a weekday occurs 1 to 5 times a month`);
    }
    return { kind: 'nth', day, nth: count };
  }
  if (/[L#]/.test(upper.replace(/[A-Z]{3}/g, (name) => (DAY_OF_WEEK.names?.includes(name) ? '' : name)))) {
    throw fieldError(
      expression,
      DAY_OF_WEEK,
      text,
      'not supported: L, nL (the last weekday n of the month) and n#k (its k-th) must stand alone',
    );
  }
  return { kind: 'days', days: parseList(expression, DAY_OF_WEEK, text) };
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = SUN … 7 = SAT, as EventBridge numbers them. */
const weekday = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
const isWeekend = (year: number, month: number, day: number) => [1, 7].includes(weekday(year, month, day));

function dayMatches(schedule: CronSchedule, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  const byMonth = schedule.dayOfMonth;
  switch (byMonth.kind) {
    case 'days':
      return byMonth.days.has(day);
    case 'last':
      return day === last;
    case 'last-weekday': {
      let target = last;
      while (isWeekend(year, month, target)) target--;
      return day === target;
    }
    case 'nearest-weekday': {
      // The weekday nearest to the given day, without leaving the month (Quartz's W).
      if (byMonth.day > last) return false;
      let target = byMonth.day;
      const given = weekday(year, month, target);
      if (given === 7) target = target === 1 ? 3 : target - 1;
      else if (given === 1) target = target === last ? target - 2 : target + 1;
      return day === target;
    }
    case 'unspecified':
      break;
  }
  const byWeek = schedule.dayOfWeek;
  const today = weekday(year, month, day);
  switch (byWeek.kind) {
    case 'days':
      return byWeek.days.has(today);
    case 'last':
      return today === byWeek.day && day + 7 > last;
    case 'nth':
      return today === byWeek.day && Math.ceil(day / 7) === byWeek.nth;
    case 'unspecified':
      return false;
  }
}

/**
 * The first fire time strictly after `after`, or undefined when there is none (a year field that has run
 * out, a day that never comes). A rate fires at `anchor` + k × interval, k ≥ 1.
 */
export function nextFireTime(schedule: ParsedSchedule, after: Date, anchor: Date = after): Date | undefined {
  if (schedule.kind === 'rate') {
    const start = anchor.getTime();
    const periods = Math.max(1, Math.floor((after.getTime() - start) / schedule.intervalMs) + 1);
    return new Date(start + periods * schedule.intervalMs);
  }
  let time = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  for (;;) {
    const at = new Date(time);
    const [year, month, day, hour, minute] = [
      at.getUTCFullYear(),
      at.getUTCMonth() + 1,
      at.getUTCDate(),
      at.getUTCHours(),
      at.getUTCMinutes(),
    ];
    if (year > YEAR.max) return undefined;
    if (!schedule.years.has(year)) {
      const later = [...schedule.years].filter((candidate) => candidate > year);
      if (later.length === 0) return undefined;
      time = Date.UTC(Math.min(...later), 0, 1);
    } else if (!schedule.months.has(month)) {
      time = Date.UTC(year, month, 1);
    } else if (!dayMatches(schedule, year, month, day)) {
      time = Date.UTC(year, month - 1, day + 1);
    } else if (!schedule.hours.has(hour)) {
      time = Date.UTC(year, month - 1, day, hour + 1);
    } else if (!schedule.minutes.has(minute)) {
      time += MINUTE_MS;
    } else {
      return at;
    }
  }
}
