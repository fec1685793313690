// The EventBridge rule target's wrapper: the detail parsed by its schema before the function runs, the Lambda
// context and the function's summary in the one line logged, keys reset between invocations, errors thrown on.
import type { EventBridgeEvent } from 'aws-lambda';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { eventHandler } from '../../functions/platform/event-handler.ts';
import { logger } from '../../functions/platform/logger.ts';
import * as z from '../../functions/platform/zod.ts';
import { lambdaContext } from '../../local/proxy-event.ts';

const Detail = z.object({ eventId: z.string().check(z.minLength(1)), count: z.int() });

const event = (detail: unknown, detailType = 'ThingCounted'): EventBridgeEvent<string, unknown> => ({
  id: 'eb-7f3a',
  version: '0',
  account: '000000000000',
  time: '2026-11-22T12:00:00Z',
  region: 'us-east-1',
  resources: [],
  source: 'clientele',
  'detail-type': detailType,
  detail,
});

let stdout: MockInstance<typeof process.stdout.write>;

/** The JSON lines the logger wrote since the test began. */
const lines = (): Record<string, unknown>[] =>
  stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(() => logger.setLogLevel('DEBUG'));
afterAll(() => logger.setLogLevel('SILENT'));
beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

describe('eventHandler', () => {
  it('hands the function the detail as parsed: unknown fields dropped', async () => {
    const fn = vi.fn(async () => ({}));
    const incoming = event({ eventId: 'e-1', count: 3, noise: true });
    await eventHandler(Detail, fn)(incoming, lambdaContext('count-things'));
    expect(fn).toHaveBeenCalledOnce();
    expect(fn).toHaveBeenCalledWith({ eventId: 'e-1', count: 3 }, incoming);
  });

  it('rejects a bad detail naming the field, without calling the function', async () => {
    const fn = vi.fn(async () => ({}));
    const run = eventHandler(Detail, fn)(
      event({ eventId: 'e-1', count: 'three' }),
      lambdaContext('count-things'),
    );
    await expect(run).rejects.toThrow(/"count"/);
    expect(fn).not.toHaveBeenCalled();
    expect(lines()).toEqual([]);
  });

  it('logs one line with the Lambda context, the detail-type, the event id and the summary', async () => {
    const context = lambdaContext('count-things');
    await eventHandler(Detail, async ({ count }) => ({ counted: count }), { message: 'things counted' })(
      event({ eventId: 'e-2', count: 5 }),
      context,
    );
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'things counted',
        function_request_id: context.awsRequestId,
        function_name: 'count-things',
        detailType: 'ThingCounted',
        eventId: 'e-2',
        counted: 5,
      }),
    ]);
  });

  it('logs at the level asked for, with the request id of each invocation', async () => {
    const handler = eventHandler(Detail, async () => ({ outcome: 'counted' }), {
      message: 'aggregated',
      level: 'debug',
    });
    const first = lambdaContext('count-things');
    const second = lambdaContext('count-things');
    await handler(event({ eventId: 'e-3', count: 1 }), first);
    await handler(event({ eventId: 'e-4', count: 1 }), second);
    expect(lines().map((line) => [line.level, line.message, line.function_request_id, line.eventId])).toEqual(
      [
        ['DEBUG', 'aggregated', first.awsRequestId, 'e-3'],
        ['DEBUG', 'aggregated', second.awsRequestId, 'e-4'],
      ],
    );
  });

  it("logs the domain event's own id (stable across redeliveries), not EventBridge's", async () => {
    await eventHandler(Detail, async () => ({}))(
      event({ eventId: 'e-own', count: 1 }),
      lambdaContext('count'),
    );
    expect(lines()).toEqual([expect.objectContaining({ message: 'event handled', eventId: 'e-own' })]);
    expect(JSON.stringify(lines())).not.toContain('eb-7f3a');
  });

  it('does not carry keys appended in one invocation into the next', async () => {
    const handler = eventHandler(Detail, async ({ count }) => {
      if (count === 1) logger.appendKeys({ tenant: 'first' });
      return {};
    });
    await handler(event({ eventId: 'e-5', count: 1 }), lambdaContext('count-things'));
    await handler(event({ eventId: 'e-6', count: 2 }), lambdaContext('count-things'));
    const [first, second] = lines();
    expect(first).toMatchObject({ eventId: 'e-5', tenant: 'first' });
    expect(second).toMatchObject({ eventId: 'e-6' });
    expect(second).not.toHaveProperty('tenant');
  });

  it("lets the function's error propagate, so Lambda and EventBridge retry", async () => {
    const failure = new Error('table unavailable');
    const handler = eventHandler(Detail, async () => {
      throw failure;
    });
    await expect(handler(event({ eventId: 'e-7', count: 1 }), lambdaContext('count-things'))).rejects.toBe(
      failure,
    );
    expect(lines()).toEqual([]);
  });
});
