// The AWS bill for one million form submissions, computed from what one submission made the stack do — metered
// on the local stack by bench/intake.ts: DynamoDB units as DynamoDB Local computes them (1 KB a write unit,
// 4 KB a read unit, transactions and strong reads double), each handler's invocations and time, the events on
// the bus and the mails sent. Prices: us-east-1, on demand, from AWS's public price pages (December 2026).

export const PRICES = {
  /** API Gateway REST API, per million requests (the first 333 million a month). */
  apiRequestsPerMillion: 3.5,
  /** Lambda, per million requests. */
  lambdaRequestsPerMillion: 0.2,
  /** Lambda on arm64, per GB-second. */
  lambdaGbSecond: 0.000_013_333_4,
  /** DynamoDB on demand, per million write request units. */
  writeUnitsPerMillion: 0.625,
  /** DynamoDB on demand, per million read request units. */
  readUnitsPerMillion: 0.125,
  /** EventBridge, per million custom events put (each up to 64 KB). */
  eventsPerMillion: 1,
  /** SES, per thousand outbound mails. */
  mailsPerThousand: 0.1,
} as const;

/** Every function's memory in the stack (lib/function.ts): 1024 MB. */
export const FUNCTION_GB = 1;
export const TARGET_PER_MILLION = 5;

export interface SubmissionWork {
  readonly dynamodb: { readonly readUnits: number; readonly writeUnits: number };
  /** Per handler: invocations per submission, and the mean time of one (ms). */
  readonly invocations: Readonly<Record<string, { readonly count: number; readonly msEach: number }>>;
  readonly events: number;
  readonly mails: number;
}

export interface CostLine {
  readonly item: string;
  readonly perSubmission: string;
  readonly dollarsPerMillion: number;
}

/** The bill for a million submissions like the one metered, line by line. */
export function costPerMillion(work: SubmissionWork): { readonly lines: CostLine[]; readonly total: number } {
  const handlers = Object.values(work.invocations);
  const invocations = handlers.reduce((sum, { count }) => sum + count, 0);
  // Lambda bills each invocation's duration rounded up to the millisecond.
  const gbSeconds = handlers.reduce(
    (sum, { count, msEach }) => sum + (count * Math.ceil(msEach) * FUNCTION_GB) / 1000,
    0,
  );
  const lines: CostLine[] = [
    { item: 'API Gateway requests', perSubmission: '1', dollarsPerMillion: PRICES.apiRequestsPerMillion },
    {
      item: 'Lambda requests',
      perSubmission: invocations.toFixed(2),
      dollarsPerMillion: invocations * PRICES.lambdaRequestsPerMillion,
    },
    {
      item: 'Lambda compute (GB-s)',
      perSubmission: gbSeconds.toFixed(3),
      dollarsPerMillion: gbSeconds * 1e6 * PRICES.lambdaGbSecond,
    },
    {
      item: 'DynamoDB write units',
      perSubmission: work.dynamodb.writeUnits.toFixed(1),
      dollarsPerMillion: work.dynamodb.writeUnits * PRICES.writeUnitsPerMillion,
    },
    {
      item: 'DynamoDB read units',
      perSubmission: work.dynamodb.readUnits.toFixed(1),
      dollarsPerMillion: work.dynamodb.readUnits * PRICES.readUnitsPerMillion,
    },
    {
      item: 'EventBridge events',
      perSubmission: work.events.toFixed(1),
      dollarsPerMillion: work.events * PRICES.eventsPerMillion,
    },
    {
      item: 'SES mails',
      perSubmission: work.mails.toFixed(2),
      dollarsPerMillion: work.mails * 1000 * PRICES.mailsPerThousand,
    },
  ];
  return { lines, total: lines.reduce((sum, line) => sum + line.dollarsPerMillion, 0) };
}
