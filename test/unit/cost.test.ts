// The benchmark's cost model: a million submissions' bill from one submission's metered work, line by line.
import { describe, expect, it } from 'vitest';
import { costPerMillion, PRICES } from '../../bench/cost.ts';

describe('costPerMillion', () => {
  it('prices each kind of work and bills Lambda time per started millisecond', () => {
    const { lines, total } = costPerMillion({
      dynamodb: { readUnits: 4, writeUnits: 10 },
      invocations: {
        'forms/handlers/submit-form': { count: 1, msEach: 12.2 },
        'events/handlers/relay-table-changes': { count: 2, msEach: 4 },
      },
      events: 3,
      mails: 0.5,
    });
    const dollars = Object.fromEntries(lines.map((line) => [line.item, line.dollarsPerMillion]));
    expect(dollars['API Gateway requests']).toBe(PRICES.apiRequestsPerMillion);
    expect(dollars['Lambda requests']).toBeCloseTo(3 * 0.2, 10);
    // 13 ms + 2 × 4 ms at 1 GB: 0.021 GB-s a submission.
    expect(dollars['Lambda compute (GB-s)']).toBeCloseTo(0.021 * 1e6 * 0.0000133334, 6);
    expect(dollars['DynamoDB write units']).toBeCloseTo(6.25, 10);
    expect(dollars['DynamoDB read units']).toBeCloseTo(0.5, 10);
    expect(dollars['EventBridge events']).toBe(3);
    expect(dollars['SES mails']).toBeCloseTo(50, 10);
    expect(total).toBeCloseTo(
      lines.reduce((sum, line) => sum + line.dollarsPerMillion, 0),
      10,
    );
    expect(total).toBeCloseTo(3.5 + 0.6 + 0.28 + 6.25 + 0.5 + 3 + 50, 1);
  });
});
