// The local bus: PutEvents validation per entry, the archive, rule matching, retries with backoff and
// the dead-letter file for a target that keeps failing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleDeclaration } from '../../functions/platform/declarations.ts';
import { type BusEvent, LocalBus } from '../../local/bus.ts';

function makeBus(
  rules: RuleDeclaration[],
  behaviour: (rule: RuleDeclaration, event: BusEvent) => Promise<void>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-bus-'));
  const lines: string[] = [];
  const bus = new LocalBus({
    name: 'bus',
    region: 'us-east-1',
    rules,
    target: async (rule) => (event) => behaviour(rule, event),
    archiveFile: join(dir, 'events.jsonl'),
    deadLetterFile: join(dir, 'dead-letters.jsonl'),
    log: (line) => lines.push(line),
    attempts: 3,
    baseDelayMs: 1,
  });
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    } catch {
      return [];
    }
  };
  return { bus, lines, read };
}

const rule = (name: string, pattern: Record<string, unknown>): RuleDeclaration => ({
  name,
  description: name,
  pattern,
  handler: name,
});
const entry = (detailType: string, detail: Record<string, unknown>) => ({
  Source: 'clientele',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
  EventBusName: 'bus',
});

describe('LocalBus', () => {
  it('archives accepted events in the EventBridge envelope and refuses bad entries one by one', () => {
    const { bus, read } = makeBus([], async () => undefined);
    const result = bus.putEvents([
      entry('AccountCreated', { id: 'a' }),
      { Source: 'clientele', DetailType: 'X', Detail: 'not json' },
      { Source: 'clientele', Detail: '{}' },
      { ...entry('AccountCreated', { id: 'b' }), EventBusName: 'other' },
    ]);
    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries.map((e) => e.ErrorCode)).toEqual([
      undefined,
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
    ]);
    const [event] = read('events.jsonl');
    expect(event).toMatchObject({
      version: '0',
      source: 'clientele',
      'detail-type': 'AccountCreated',
      detail: { id: 'a' },
    });
    expect(event.id).toBe(result.Entries[0]?.EventId);
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('delivers only to the rules whose pattern matches, retrying a failing target', async () => {
    const calls: string[] = [];
    let failures = 2;
    const { bus, read } = makeBus(
      [
        rule('fulfilled', { detail: { data: { status: ['fulfilled'] } } }),
        rule('logged', { 'detail-type': ['InteractionLogged'] }),
      ],
      async (target, event) => {
        calls.push(`${target.name}:${String(event.detail.id)}`);
        if (target.name === 'fulfilled' && failures-- > 0) throw new Error('flaky');
      },
    );
    bus.putEvents([entry('OrderStatusChanged', { id: 'o1', data: { status: 'fulfilled' } })]);
    bus.putEvents([entry('OrderStatusChanged', { id: 'o2', data: { status: 'placed' } })]);
    bus.putEvents([entry('InteractionLogged', { id: 'i1' })]);
    await bus.drain();
    expect(calls.filter((call) => call === 'fulfilled:o1')).toHaveLength(3);
    expect(calls).not.toContain('fulfilled:o2');
    expect(calls).toContain('logged:i1');
    expect(bus.deliveredCount).toBe(2);
    expect(read('dead-letters.jsonl')).toEqual([]);
  });

  it('dead-letters what still fails after every attempt, with the reason', async () => {
    const { bus, read, lines } = makeBus([rule('broken', { source: ['clientele'] })], async () => {
      throw new TypeError('target exploded');
    });
    bus.putEvents([entry('AccountCreated', { id: 'x' })]);
    await bus.drain();
    const [letter] = read('dead-letters.jsonl');
    expect(letter).toMatchObject({
      kind: 'rule-target',
      rule: 'broken',
      attempts: 3,
      error: 'TypeError: target exploded',
    });
    expect(letter.event.detail.id).toBe('x');
    expect(lines.some((line) => line.includes('dead-lettered'))).toBe(true);
  });

  it('refuses a rule with an invalid pattern up front', () => {
    expect(() => makeBus([rule('bad', { source: 'clientele' })], async () => undefined)).toThrow(/source/);
  });
});
