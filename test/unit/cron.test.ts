// The local cron: EventBridge Scheduler's cron(...) / rate(...) syntax and fire times (UTC, 1 = SUN), and
// the runner's timing, overlap, retry, dead-letter and stop behaviour (on fake timers).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScheduleDeclaration } from '../../functions/platform/declarations.ts';
import { LocalCron, scheduledTime } from '../../local/cron.ts';
import {
  InvalidScheduleExpression,
  nextFireTime,
  parseScheduleExpression,
} from '../../local/cron-expression.ts';

const next = (expression: string, after: string, anchor?: string) =>
  nextFireTime(
    parseScheduleExpression(expression),
    new Date(after),
    anchor === undefined ? undefined : new Date(anchor),
  )?.toISOString();

/** The next `count` fire times after `after`, each strictly after the one before. */
const series = (expression: string, after: string, count: number) => {
  const schedule = parseScheduleExpression(expression);
  const times: string[] = [];
  let from = new Date(after);
  for (let index = 0; index < count; index++) {
    const time = nextFireTime(schedule, from, new Date(after));
    if (time === undefined) break;
    times.push(time.toISOString());
    from = time;
  }
  return times;
};

const iso = (text: string) => new Date(text).toISOString();

describe('cron fire times', () => {
  it('every hour on the hour, strictly after the given time, across a day and a year', () => {
    const hourly = 'cron(0 * * * ? *)';
    expect(next(hourly, '2026-03-10T10:00:00Z')).toBe(iso('2026-03-10T11:00:00Z'));
    expect(next(hourly, '2026-03-10T09:59:59.999Z')).toBe(iso('2026-03-10T10:00:00Z'));
    expect(next(hourly, '2026-03-10T23:00:00Z')).toBe(iso('2026-03-11T00:00:00Z'));
    expect(next(hourly, '2026-12-31T23:30:00Z')).toBe(iso('2027-01-01T00:00:00Z'));
  });

  it('monthly on the 1st at 06:00', () => {
    const monthly = 'cron(0 6 1 * ? *)';
    expect(next(monthly, '2026-01-01T05:59:00Z')).toBe(iso('2026-01-01T06:00:00Z'));
    expect(next(monthly, '2026-01-01T06:00:00Z')).toBe(iso('2026-02-01T06:00:00Z'));
    expect(series(monthly, '2026-11-15T00:00:00Z', 3)).toEqual(
      ['2026-12-01T06:00:00Z', '2027-01-01T06:00:00Z', '2027-02-01T06:00:00Z'].map(iso),
    );
  });

  it('numbers the days of the week as EventBridge does: 1 = SUN … 7 = SAT', () => {
    // 2026-01-01 is a Thursday.
    expect(next('cron(0 9 ? * 1 *)', '2026-01-01T00:00:00Z')).toBe(iso('2026-01-04T09:00:00Z'));
    expect(next('cron(0 9 ? * 7 *)', '2026-01-01T00:00:00Z')).toBe(iso('2026-01-03T09:00:00Z'));
    expect(next('cron(0 9 ? * SUN *)', '2026-01-01T00:00:00Z')).toBe(iso('2026-01-04T09:00:00Z'));
    // L alone in day-of-week is the last day of the week: Saturday.
    expect(next('cron(0 9 ? * L *)', '2026-01-01T00:00:00Z')).toBe(iso('2026-01-03T09:00:00Z'));
  });

  it('weekday ranges by number (2-6) and by name (MON-FRI) are the same days', () => {
    const weekdays = ['2026-01-02T09:00:00Z', '2026-01-05T09:00:00Z', '2026-01-06T09:00:00Z'].map(iso);
    expect(series('cron(0 9 ? * 2-6 *)', '2026-01-01T09:00:00Z', 3)).toEqual(weekdays);
    expect(series('cron(0 9 ? * MON-FRI *)', '2026-01-01T09:00:00Z', 3)).toEqual(weekdays);
    expect(series('cron(0 9 ? * mon-fri *)', '2026-01-01T09:00:00Z', 3)).toEqual(weekdays);
    expect(series('cron(0 12 ? * SAT,SUN *)', '2026-01-01T00:00:00Z', 3)).toEqual(
      ['2026-01-03T12:00:00Z', '2026-01-04T12:00:00Z', '2026-01-10T12:00:00Z'].map(iso),
    );
  });

  it('steps: */n, a/n (to the end of the field) and a-b/n', () => {
    expect(series('cron(*/15 * * * ? *)', '2026-01-01T10:00:00Z', 5)).toEqual(
      ['10:15', '10:30', '10:45', '11:00', '11:15'].map((time) => iso(`2026-01-01T${time}:00Z`)),
    );
    expect(series('cron(5/20 * * * ? *)', '2026-01-01T10:00:00Z', 4)).toEqual(
      ['10:05', '10:25', '10:45', '11:05'].map((time) => iso(`2026-01-01T${time}:00Z`)),
    );
    expect(series('cron(0 8-18/4 * * ? *)', '2026-01-01T00:00:00Z', 4)).toEqual(
      ['2026-01-01T08:00:00Z', '2026-01-01T12:00:00Z', '2026-01-01T16:00:00Z', '2026-01-02T08:00:00Z'].map(
        iso,
      ),
    );
    expect(series('cron(0 0 */10 * ? *)', '2026-01-01T00:00:00Z', 4)).toEqual(
      ['2026-01-11', '2026-01-21', '2026-01-31', '2026-02-01'].map((day) => iso(`${day}T00:00:00Z`)),
    );
  });

  it('lists in every field, and month names', () => {
    expect(series('cron(0,30 9,17 * * ? *)', '2026-01-01T00:00:00Z', 5)).toEqual(
      [
        '2026-01-01T09:00',
        '2026-01-01T09:30',
        '2026-01-01T17:00',
        '2026-01-01T17:30',
        '2026-01-02T09:00',
      ].map((time) => iso(`${time}:00Z`)),
    );
    expect(series('cron(0 0 1 JAN,jul ? *)', '2026-01-01T00:00:00Z', 3)).toEqual(
      ['2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z', '2027-07-01T00:00:00Z'].map(iso),
    );
    expect(next('cron(0 0 1 MAR-MAY ? *)', '2026-05-01T00:00:00Z')).toBe(iso('2027-03-01T00:00:00Z'));
    expect(next('cron(0 0 1,15 * ? *)', '2026-01-01T00:00:00Z')).toBe(iso('2026-01-15T00:00:00Z'));
  });

  it('the year field: fires only in its years, then never', () => {
    const years = 'cron(0 0 1 1 ? 2027-2028)';
    expect(series(years, '2026-06-01T00:00:00Z', 5)).toEqual(
      ['2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z'].map(iso),
    );
    expect(next('cron(0 0 1 1 ? 2020)', '2026-01-01T00:00:00Z')).toBeUndefined();
    expect(next('cron(0 12 * * ? 2030/2)', '2026-01-01T00:00:00Z')).toBe(iso('2030-01-01T12:00:00Z'));
    expect(next('cron(0 12 31 12 ? 2030/2)', '2030-12-31T12:00:00Z')).toBe(iso('2032-12-31T12:00:00Z'));
  });

  it('month ends: a day a month lacks is skipped, L is the last day', () => {
    expect(next('cron(0 0 31 * ? *)', '2026-01-31T00:00:00Z')).toBe(iso('2026-03-31T00:00:00Z'));
    expect(next('cron(0 0 31 * ? *)', '2026-03-31T00:00:00Z')).toBe(iso('2026-05-31T00:00:00Z'));
    expect(next('cron(0 0 30 * ? *)', '2026-01-30T00:00:00Z')).toBe(iso('2026-03-30T00:00:00Z'));
    expect(series('cron(0 18 L * ? *)', '2026-01-01T00:00:00Z', 4)).toEqual(
      ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'].map((day) => iso(`${day}T18:00:00Z`)),
    );
    expect(next('cron(0 23 * * ? *)', '2026-02-28T23:00:00Z')).toBe(iso('2026-03-01T23:00:00Z'));
  });

  it('leap years: 29 February every four years, not in 2100', () => {
    expect(series('cron(0 0 29 2 ? *)', '2026-01-01T00:00:00Z', 2)).toEqual(
      ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z'].map(iso),
    );
    expect(next('cron(0 0 29 2 ? *)', '2097-01-01T00:00:00Z')).toBe(iso('2104-02-29T00:00:00Z'));
    expect(next('cron(0 0 L 2 ? *)', '2028-01-01T00:00:00Z')).toBe(iso('2028-02-29T00:00:00Z'));
    expect(next('cron(0 0 L 2 ? *)', '2100-01-01T00:00:00Z')).toBe(iso('2100-02-28T00:00:00Z'));
    expect(next('cron(0 23 * * ? *)', '2028-02-28T23:00:00Z')).toBe(iso('2028-02-29T23:00:00Z'));
  });

  it('a day that never comes never fires', () => {
    expect(next('cron(0 0 30 2 ? *)', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it('L, W and # in the day fields', () => {
    // 2026-02: the 1st is a Sunday, the 28th a Saturday.
    expect(next('cron(15 10 ? * 6L *)', '2026-02-01T00:00:00Z')).toBe(iso('2026-02-27T10:15:00Z'));
    expect(next('cron(15 10 ? * FRIL *)', '2026-02-01T00:00:00Z')).toBe(iso('2026-02-27T10:15:00Z'));
    expect(next('cron(0 12 ? * 3#2 *)', '2026-02-01T00:00:00Z')).toBe(iso('2026-02-10T12:00:00Z'));
    expect(next('cron(0 12 ? * MON#1 *)', '2026-02-01T00:00:00Z')).toBe(iso('2026-02-02T12:00:00Z'));
    // A fifth Monday exists only in some months: March 2026 has one (the 30th).
    expect(next('cron(0 12 ? * 2#5 *)', '2026-02-01T00:00:00Z')).toBe(iso('2026-03-30T12:00:00Z'));
    expect(next('cron(0 0 LW * ? *)', '2026-02-01T00:00:00Z')).toBe(iso('2026-02-27T00:00:00Z'));
    // Nearest weekday, within the month: Sunday 1 Feb → Monday 2; Saturday 28 Feb → Friday 27.
    expect(next('cron(0 0 1W * ? *)', '2026-01-31T00:00:00Z')).toBe(iso('2026-02-02T00:00:00Z'));
    expect(next('cron(0 0 28W * ? *)', '2026-02-01T00:00:00Z')).toBe(iso('2026-02-27T00:00:00Z'));
    // Saturday 1 Aug 2026 → Monday 3 (not Friday 31 July); Sunday 15 Mar 2026 → Monday 16.
    expect(next('cron(0 0 1W * ? *)', '2026-07-15T00:00:00Z')).toBe(iso('2026-08-03T00:00:00Z'));
    expect(next('cron(0 0 15W * ? *)', '2026-03-01T00:00:00Z')).toBe(iso('2026-03-16T00:00:00Z'));
  });

  it('minute precision: seconds and milliseconds of the given time are dropped', () => {
    expect(next('cron(* * * * ? *)', '2026-01-01T10:00:59.999Z')).toBe(iso('2026-01-01T10:01:00Z'));
  });
});

describe('rate fire times', () => {
  it('fires at anchor + k × interval, k ≥ 1, strictly after the given time', () => {
    const anchor = '2026-01-01T10:02:30Z';
    expect(next('rate(5 minutes)', anchor, anchor)).toBe(iso('2026-01-01T10:07:30Z'));
    expect(next('rate(5 minutes)', '2026-01-01T10:07:30Z', anchor)).toBe(iso('2026-01-01T10:12:30Z'));
    expect(next('rate(5 minutes)', '2026-01-01T10:07:29Z', anchor)).toBe(iso('2026-01-01T10:07:30Z'));
    expect(next('rate(5 minutes)', '2026-01-01T09:00:00Z', anchor)).toBe(iso('2026-01-01T10:07:30Z'));
    expect(next('rate(1 hour)', '2026-01-01T13:00:00Z', anchor)).toBe(iso('2026-01-01T13:02:30Z'));
    expect(next('rate(2 days)', '2026-01-02T10:02:30Z', anchor)).toBe(iso('2026-01-03T10:02:30Z'));
    expect(next('rate(1 minute)', '2026-01-01T10:00:00Z')).toBe(iso('2026-01-01T10:01:00Z'));
  });
});

describe('invalid expressions', () => {
  it.each([
    ['cron(61 * * * ? *)', 'minutes', /minutes "61": 61 is outside 0–59/],
    ['cron(0 24 * * ? *)', 'hours', /hours "24": 24 is outside 0–23/],
    ['cron(0 0 32 * ? *)', 'day-of-month', /day-of-month "32": 32 is outside 1–31/],
    ['cron(0 0 0 * ? *)', 'day-of-month', /day-of-month "0"/],
    ['cron(0 0 1 13 ? *)', 'month', /month "13": 13 is outside 1–12/],
    ['cron(0 0 1 JAX ? *)', 'month', /month "JAX": "JAX" is not one of 1–12 or JAN–DEC/],
    ['cron(0 0 ? * 0 *)', 'day-of-week', /day-of-week "0": 0 is outside 1–7/],
    ['cron(0 0 ? * 8 *)', 'day-of-week', /day-of-week "8"/],
    ['cron(0 0 ? * MON-XYZ *)', 'day-of-week', /"XYZ" is not one of 1–7 or SUN–SAT/],
    ['cron(0 0 ? * FRI-MON *)', 'day-of-week', /runs backwards/],
    ['cron(0 0 1 1 ? 1969)', 'year', /year "1969": 1969 is outside 1970–2199/],
    ['cron(0 0 1 1 ? 2200)', 'year', /year "2200"/],
    ['cron(*/0 * * * ? *)', 'minutes', /the step "0"/],
    ['cron(*/x * * * ? *)', 'minutes', /the step "x"/],
    ['cron(1/2/3 * * * ? *)', 'minutes', /more than one \//],
    ['cron(1-2-3 * * * ? *)', 'minutes', /not a range/],
    ['cron(0,,5 * * * ? *)', 'minutes', /a list item is empty/],
    ['cron(? * * * ? *)', 'minutes', /\? is only allowed in day-of-month or day-of-week/],
    ['cron(0 0 1 ? ? *)', 'month', /\? is only allowed/],
    ['cron(5L * * * ? *)', 'minutes', /L, W and # are not supported in this field/],
    ['cron(0 0 L-3 * ? *)', 'day-of-month', /not supported/],
    ['cron(0 0 1,L * ? *)', 'day-of-month', /not supported/],
    ['cron(0 0 ? * 2#6 *)', 'day-of-week', /a weekday occurs 1 to 5 times/],
    ['cron(0 0 ? * 2#1,3#1 *)', 'day-of-week', /not supported/],
    ['cron(0 0 ? * 5W *)', 'day-of-week', /not supported in this field/],
    ['cron(0 9 * * MON *)', 'day-of-month/day-of-week', /cannot both be given; use \? in one of them/],
    ['cron(0 9 ? * ? *)', 'day-of-month/day-of-week', /exactly one of them must be \?/],
    ['rate(0 minutes)', 'rate value', /rate value "0": not a positive whole number/],
    ['rate(1.5 hours)', 'rate value', /rate value "1.5"/],
    ['rate(5 weeks)', 'rate unit', /rate unit "weeks": not one of minute/],
    ['rate(1 hours)', 'rate unit', /must be singular with the value 1/],
    ['rate(5 hour)', 'rate unit', /must be plural with the value 5/],
  ])('%s names the %s field', (expression, field, message) => {
    let thrown: unknown;
    try {
      parseScheduleExpression(expression);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidScheduleExpression);
    expect((thrown as InvalidScheduleExpression).field).toBe(field);
    expect((thrown as Error).message).toContain(`Invalid schedule expression "${expression}"`);
    expect((thrown as Error).message).toMatch(message);
  });

  it.each([
    ['cron(0 * * * *)', /takes 6 fields .* not 5/],
    ['cron(0 * * * ? * *)', /not 7/],
    ['cron()', /not 0/],
    ['rate(5)', /a value and a unit/],
    ['at(2026-01-01T00:00:00)', /one-time at\(\.\.\.\) schedules are not supported/],
    ['0 * * * ? *', /expected cron\(\.\.\.\) or rate\(\.\.\.\)/],
    ['', /expected cron/],
  ])('%s is refused as a whole', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrow(message);
  });
});

describe('scheduledTime', () => {
  it('writes UTC with whole seconds, as <aws.scheduler.scheduled-time> does', () => {
    expect(scheduledTime(new Date('2026-03-01T06:00:00.000Z'))).toBe('2026-03-01T06:00:00Z');
    expect(scheduledTime(new Date('2026-03-01T06:00:07.999Z'))).toBe('2026-03-01T06:00:07Z');
    expect(scheduledTime(new Date('2026-03-01T08:00:00+02:00'))).toBe('2026-03-01T06:00:00Z');
  });
});

describe('LocalCron', () => {
  const declaration = (name: string, expression: string): ScheduleDeclaration => ({
    name,
    description: `${name} test schedule`,
    expression,
    handler: name,
  });
  let dir: string;
  let lines: string[];
  const deadLetters = () => {
    try {
      return readFileSync(join(dir, 'dead-letters.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    } catch {
      return [];
    }
  };
  const cronWith = (
    schedules: ScheduleDeclaration[],
    run: (schedule: ScheduleDeclaration, time: Date) => Promise<unknown>,
  ) =>
    new LocalCron({
      schedules,
      run,
      log: (line) => lines.push(line),
      deadLetterFile: join(dir, 'dead-letters.jsonl'),
      retryDelayMs: 1000,
    });
  /** A promise the test settles itself. */
  const deferred = () => {
    let resolve: (value: unknown) => void = () => undefined;
    const promise = new Promise<unknown>((settle) => {
      resolve = settle;
    });
    return { promise, resolve };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clientele-cron-'));
    lines = [];
    vi.useFakeTimers({ now: new Date('2026-01-01T09:58:30Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs each schedule at its times with the time it is for, and logs one line per run', async () => {
    const runs: string[] = [];
    const cron = cronWith([declaration('hourly', 'cron(0 * * * ? *)')], async (schedule, time) => {
      runs.push(`${schedule.name} ${scheduledTime(time)}`);
      return { sent: runs.length };
    });
    cron.start();
    expect(cron.nextRun('hourly')?.toISOString()).toBe(iso('2026-01-01T10:00:00Z'));
    expect(lines).toEqual(['schedule hourly (cron(0 * * * ? *)): next 2026-01-01T10:00:00Z']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toEqual(['hourly 2026-01-01T10:00:00Z']);
    await vi.advanceTimersByTimeAsync(2 * 3600_000);
    expect(runs).toEqual([
      'hourly 2026-01-01T10:00:00Z',
      'hourly 2026-01-01T11:00:00Z',
      'hourly 2026-01-01T12:00:00Z',
    ]);
    expect(lines[1]).toMatch(/^schedule hourly 2026-01-01T10:00:00Z: done in \d+ ms \{"sent":1\}$/);
    await cron.stop();
  });

  it('anchors rates at its start, to the minute', async () => {
    const runs: string[] = [];
    const cron = cronWith([declaration('often', 'rate(5 minutes)')], async (_schedule, time) => {
      runs.push(scheduledTime(time));
    });
    cron.start();
    await vi.advanceTimersByTimeAsync(11 * 60_000);
    expect(runs).toEqual(['2026-01-01T10:03:00Z', '2026-01-01T10:08:00Z']);
    await cron.stop();
  });

  it('never runs a schedule twice at once: a fire during a run is skipped', async () => {
    const slow = deferred();
    const runs: string[] = [];
    const cron = cronWith([declaration('slow', 'cron(0 * * * ? *)')], async (_schedule, time) => {
      runs.push(scheduledTime(time));
      if (runs.length === 1) await slow.promise;
      return {};
    });
    cron.start();
    await vi.advanceTimersByTimeAsync(90_000 + 3600_000);
    expect(runs).toEqual(['2026-01-01T10:00:00Z']);
    expect(lines).toContain(
      'schedule slow 2026-01-01T11:00:00Z: skipped: the previous run is still in progress',
    );
    slow.resolve(undefined);
    await vi.advanceTimersByTimeAsync(3600_000);
    expect(runs).toEqual(['2026-01-01T10:00:00Z', '2026-01-01T12:00:00Z']);
    await cron.stop();
  });

  it('retries a failed run twice with backoff, then writes one dead letter', async () => {
    const attempts: number[] = [];
    const cron = cronWith([declaration('broken', 'cron(0 10 * * ? *)')], async () => {
      attempts.push(Date.now());
      throw new Error('table unavailable');
    });
    cron.start();
    await vi.advanceTimersByTimeAsync(90_000);
    expect(attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(attempts.map((at) => at - (attempts[0] ?? 0))).toEqual([0, 1000, 3000]);
    expect(lines.filter((line) => line.includes('failed'))).toEqual([
      'schedule broken 2026-01-01T10:00:00Z: attempt 1/3 failed: Error: table unavailable',
      'schedule broken 2026-01-01T10:00:00Z: attempt 2/3 failed: Error: table unavailable',
      'schedule broken 2026-01-01T10:00:00Z: attempt 3/3 failed: Error: table unavailable',
    ]);
    expect(deadLetters()).toEqual([
      {
        kind: 'schedule',
        schedule: 'broken',
        handler: 'broken',
        attempts: 3,
        failedAt: expect.any(String),
        error: 'Error: table unavailable',
        event: { schedule: 'broken', time: '2026-01-01T10:00:00Z' },
      },
    ]);
    await cron.stop();
  });

  it('writes no dead letter when a retry succeeds', async () => {
    let calls = 0;
    const cron = cronWith([declaration('flaky', 'cron(0 10 * * ? *)')], async () => {
      calls++;
      if (calls === 1) throw new Error('throttled');
      return { ok: true };
    });
    cron.start();
    await vi.advanceTimersByTimeAsync(90_000 + 1000);
    expect(calls).toBe(2);
    expect(lines.at(-1)).toMatch(/done in \d+ ms \{"ok":true\}$/);
    expect(deadLetters()).toEqual([]);
    await cron.stop();
  });

  it('waits beyond setTimeout’s 24.8-day limit without firing early', async () => {
    const runs: string[] = [];
    const cron = cronWith([declaration('yearly', 'cron(0 0 1 1 ? *)')], async (_schedule, time) => {
      runs.push(scheduledTime(time));
    });
    cron.start();
    expect(cron.nextRun('yearly')?.toISOString()).toBe(iso('2027-01-01T00:00:00Z'));
    await vi.advanceTimersByTimeAsync(364 * 86_400_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(runs).toEqual(['2027-01-01T00:00:00Z']);
    await cron.stop();
  });

  it('stop() clears the timers and waits for the run in progress', async () => {
    const slow = deferred();
    let runs = 0;
    const cron = cronWith([declaration('slow', 'cron(* * * * ? *)')], async () => {
      runs++;
      await slow.promise;
    });
    cron.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = cron.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    slow.resolve(undefined);
    await stopping;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs).toBe(1);
  });

  it('stop() during a retry’s backoff dead-letters the run with the attempts made', async () => {
    const cron = cronWith([declaration('broken', 'cron(0 10 * * ? *)')], async () => {
      throw new Error('down');
    });
    cron.start();
    await vi.advanceTimersByTimeAsync(90_000);
    await cron.stop();
    expect(deadLetters()).toEqual([expect.objectContaining({ schedule: 'broken', attempts: 1 })]);
  });

  it('runNow runs once for the given time and returns the summary, after a run in progress', async () => {
    const slow = deferred();
    const runs: string[] = [];
    const cron = cronWith([declaration('job', 'cron(0 * * * ? *)')], async (_schedule, time) => {
      runs.push(scheduledTime(time));
      if (runs.length === 1) await slow.promise;
      return { run: runs.length };
    });
    cron.start();
    await vi.advanceTimersByTimeAsync(90_000);
    const manual = cron.runNow('job', new Date('2026-02-01T06:00:00Z'));
    await vi.advanceTimersByTimeAsync(10);
    expect(runs).toEqual(['2026-01-01T10:00:00Z']);
    slow.resolve(undefined);
    await expect(manual).resolves.toEqual({ run: 2 });
    expect(runs).toEqual(['2026-01-01T10:00:00Z', '2026-02-01T06:00:00Z']);
    await cron.stop();
  });

  it('runNow rejects with the handler’s error, without retries or a dead letter', async () => {
    let calls = 0;
    const cron = cronWith([declaration('job', 'cron(0 * * * ? *)')], async () => {
      calls++;
      throw new Error('no');
    });
    await expect(cron.runNow('job', new Date())).rejects.toThrow('no');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(1);
    expect(deadLetters()).toEqual([]);
    expect(lines).toEqual(['schedule job 2026-01-01T09:58:30Z: failed: Error: no']);
  });

  it('runNow refuses an unknown schedule, naming the declared ones', async () => {
    const cron = cronWith(
      [declaration('a', 'rate(1 day)'), declaration('b', 'rate(2 days)')],
      async () => ({}),
    );
    await expect(cron.runNow('c', new Date())).rejects.toThrow('No schedule named "c"; declared: a, b');
  });

  it('refuses an invalid declaration up front, naming the schedule and the field', () => {
    expect(() => cronWith([declaration('bad', 'cron(0 25 * * ? *)')], async () => ({}))).toThrow(
      'Schedule bad: Invalid schedule expression "cron(0 25 * * ? *)": hours "25": 25 is outside 0–23',
    );
    expect(() =>
      cronWith([declaration('twice', 'rate(1 day)'), declaration('twice', 'rate(1 day)')], async () => ({})),
    ).toThrow('Schedule twice is declared twice');
  });
});
