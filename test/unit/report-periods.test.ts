// Report periods (UTC): a day, its Monday–Sunday week, its calendar month, each with the previous equal
// period; the quarter after a period; and which reports the daily 06:00 run makes.
import { describe, expect, it } from 'vitest';
import { daysBetween, nextQuarter, periodOf } from '../../functions/reporting/report-build.ts';
import { periodsDue } from '../../functions/reporting/reporting.ts';

describe('periods', () => {
  it('a day is itself, after the day before', () => {
    expect(periodOf('day', '2026-03-01')).toEqual({
      start: '2026-03-01',
      end: '2026-03-02',
      previousStart: '2026-02-28',
    });
  });

  it('a week runs Monday to Sunday, whichever day is given', () => {
    for (const day of ['2026-11-16', '2026-11-19', '2026-11-22']) {
      expect(periodOf('week', day)).toEqual({
        start: '2026-11-16',
        end: '2026-11-23',
        previousStart: '2026-11-09',
      });
    }
    expect(periodOf('week', '2026-11-23').start).toBe('2026-11-23');
    // Across a year's end.
    expect(periodOf('week', '2027-01-01')).toEqual({
      start: '2026-12-28',
      end: '2027-01-04',
      previousStart: '2026-12-21',
    });
  });

  it('a month is its calendar month, after the one before (leap years and year ends too)', () => {
    expect(periodOf('month', '2028-02-29')).toEqual({
      start: '2028-02-01',
      end: '2028-03-01',
      previousStart: '2028-01-01',
    });
    expect(periodOf('month', '2027-01-31')).toEqual({
      start: '2027-01-01',
      end: '2027-02-01',
      previousStart: '2026-12-01',
    });
    expect(daysBetween('2028-02-01', '2028-03-01')).toHaveLength(29);
  });

  it('refuses what is not a date', () => {
    expect(() => periodOf('day', '2026-13-45')).toThrow('Not a date');
  });

  it('the next quarter is the one after the quarter holding the period’s last day', () => {
    expect(nextQuarter('2026-12-01')).toEqual({ quarter: '2027-Q1', from: '2027-01-01', to: '2027-03-31' });
    expect(nextQuarter('2027-01-01')).toEqual({ quarter: '2027-Q1', from: '2027-01-01', to: '2027-03-31' });
    expect(nextQuarter('2027-04-01')).toEqual({ quarter: '2027-Q2', from: '2027-04-01', to: '2027-06-30' });
    expect(nextQuarter('2026-08-15')).toEqual({ quarter: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
  });
});

describe('the daily run at 06:00 UTC', () => {
  it('reports the previous day on an ordinary day', () => {
    expect(periodsDue(new Date('2026-11-19T06:00:00Z'))).toEqual([{ period: 'day', day: '2026-11-18' }]);
  });

  it('also the previous week on a Monday, and the previous month on the 1st', () => {
    expect(periodsDue(new Date('2026-11-23T06:00:00Z'))).toEqual([
      { period: 'day', day: '2026-11-22' },
      { period: 'week', day: '2026-11-16' },
    ]);
    expect(periodsDue(new Date('2026-12-01T06:00:00Z'))).toEqual([
      { period: 'day', day: '2026-11-30' },
      { period: 'month', day: '2026-11-30' },
    ]);
    // Monday 1 March 2027: all three.
    const due = periodsDue(new Date('2027-03-01T06:00:00Z'));
    expect(due.map((entry) => entry.period)).toEqual(['day', 'week', 'month']);
    expect(periodOf('week', due[1]?.day ?? '').start).toBe('2027-02-22');
    expect(periodOf('month', due[2]?.day ?? '').start).toBe('2027-02-01');
  });
});
