// The local bus: PutEvents validation per entry, the archive, rule matching, retries with backoff and
// the dead-letter file for a target that keeps failing; the journal that keeps every delivery, with its
// retry state, across a process that dies (a second bus on the same directory stands for the next start).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RuleDeclaration } from '../../functions/platform/declarations.ts';
import { type BusEvent, LocalBus } from '../../local/bus.ts';

function makeBus(
  rules: RuleDeclaration[],
  behaviour: (rule: RuleDeclaration, event: BusEvent) => Promise<void>,
  dir = mkdtempSync(join(tmpdir(), 'clientele-bus-')),
  onDeadLetter?: (rule: RuleDeclaration, event: BusEvent, error: unknown) => Promise<void>,
) {
  const lines: string[] = [];
  const bus = new LocalBus({
    name: 'bus',
    region: 'us-east-1',
    rules,
    target: async (rule) => (event) => behaviour(rule, event),
    archiveFile: join(dir, 'events.jsonl'),
    deadLetterFile: join(dir, 'dead-letters.jsonl'),
    journalDir: join(dir, 'deliveries'),
    log: (line) => lines.push(line),
    attempts: 3,
    baseDelayMs: 1,
    ...(onDeadLetter === undefined ? {} : { onDeadLetter }),
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
  const journal = () => readdirSync(join(dir, 'deliveries'));
  return { bus, lines, read, journal, dir };
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
  it('runs at most 4 attempts of one rule at once, the rest queued and all delivered; other rules are not held up', async () => {
    let running = 0;
    let most = 0;
    const other: string[] = [];
    const gates: (() => void)[] = [];
    const { bus } = makeBus(
      [rule('Busy', { 'detail-type': ['Burst'] }), rule('Other', { 'detail-type': ['Quiet'] })],
      async (target, event) => {
        if (target.name === 'Other') {
          other.push(String(event.detail.id));
          return;
        }
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
      },
    );
    bus.putEvents(Array.from({ length: 10 }, (_, n) => entry('Burst', { id: `b${n}` })));
    bus.putEvents([entry('Quiet', { id: 'q' })]);
    await vi.waitFor(() => expect(gates).toHaveLength(4));
    // The other rule's event went by while four of the burst were held.
    await vi.waitFor(() => expect(other).toEqual(['q']));
    expect(bus.inFlightCount).toBe(10);
    for (let released = 0; released < 10; released++) {
      await vi.waitFor(() => expect(gates.length).toBeGreaterThan(0));
      gates.shift()?.();
    }
    await bus.drain();
    expect(most).toBe(4);
    expect(bus.deliveredCount).toBe(11);
  });

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

  it('keeps a delivery in the journal until its target has it, and resumes it on the next start', async () => {
    const never = new Promise<void>(() => undefined);
    const first = makeBus([rule('stats', { source: ['clientele'] })], () => never);
    first.bus.putEvents([entry('AccountCreated', { id: 'a' }), entry('AccountCreated', { id: 'b' })]);
    // Written before PutEvents answered: the process may die now, with both attempts still running.
    expect(first.journal()).toHaveLength(2);
    expect(first.bus.pendingCount).toBe(2);

    const seen: string[] = [];
    const next = makeBus(
      [rule('stats', { source: ['clientele'] })],
      async (_, event) => {
        seen.push(String(event.detail.id));
      },
      first.dir,
    );
    expect(next.bus.resume()).toBe(2);
    await next.bus.drain();
    expect(seen.sort()).toEqual(['a', 'b']);
    expect(next.journal()).toEqual([]);
    expect(next.bus.pendingCount).toBe(0);
  });

  it('carries the retry state across a restart: attempts are counted over both processes', async () => {
    let calls = 0;
    const never = new Promise<void>(() => undefined);
    const first = makeBus([rule('broken', { source: ['clientele'] })], async () => {
      calls++;
      if (calls <= 2) throw new Error(`failure ${calls}`);
      return never; // the third attempt is running when the process dies
    });
    first.bus.putEvents([entry('AccountCreated', { id: 'x' })]);
    await vi.waitFor(() => expect(calls).toBe(3));
    const [file] = first.journal();
    const kept = JSON.parse(readFileSync(join(first.dir, 'deliveries', file ?? ''), 'utf8'));
    expect(kept.targets.broken).toMatchObject({
      failures: 2,
      error: { name: 'Error', message: 'failure 2' },
    });

    const recorded: string[] = [];
    let attemptsAfterRestart = 0;
    const next = makeBus(
      [rule('broken', { source: ['clientele'] })],
      async () => {
        attemptsAfterRestart++;
        throw new TypeError('still broken');
      },
      first.dir,
      async (target, event, error) => {
        recorded.push(`${target.name}:${String(event.detail.id)}:${String(error)}`);
      },
    );
    next.bus.resume();
    await next.bus.drain();
    // Three attempts in all (two before the restart, one after), then one dead letter, recorded once.
    expect(attemptsAfterRestart).toBe(1);
    expect(next.read('dead-letters.jsonl')).toMatchObject([{ rule: 'broken', attempts: 3 }]);
    expect(recorded).toEqual(['broken:x:TypeError: still broken']);
    expect(next.journal()).toEqual([]);
  });

  it('keeps recording a dead letter until the recorder succeeds, and after a restart too', async () => {
    let recorderUp = false;
    const recorded: string[] = [];
    const { bus, read, journal } = makeBus(
      [rule('broken', { source: ['clientele'] })],
      async () => {
        throw new Error('no');
      },
      undefined,
      async (_, event) => {
        if (!recorderUp) throw new Error('table down');
        recorded.push(String(event.detail.id));
      },
    );
    bus.putEvents([entry('AccountCreated', { id: 'y' })]);
    await vi.waitFor(() => expect(read('dead-letters.jsonl')).toHaveLength(1));
    expect(journal()).toHaveLength(1);
    recorderUp = true;
    await bus.drain();
    expect(recorded).toEqual(['y']);
    expect(read('dead-letters.jsonl')).toHaveLength(1);
    expect(journal()).toEqual([]);
  });

  it('stops without dead-lettering: a failure while stopping and a retry not yet due both stay pending', async () => {
    let calls = 0;
    const dir = mkdtempSync(join(tmpdir(), 'clientele-bus-'));
    const bus = new LocalBus({
      name: 'bus',
      region: 'us-east-1',
      rules: [rule('slow', { source: ['clientele'] })],
      target: async () => async () => {
        calls++;
        throw new Error('down');
      },
      archiveFile: join(dir, 'events.jsonl'),
      deadLetterFile: join(dir, 'dead-letters.jsonl'),
      journalDir: join(dir, 'deliveries'),
      log: () => undefined,
      attempts: 3,
      baseDelayMs: 60_000,
    });
    bus.putEvents([entry('AccountCreated', { id: 'z' })]);
    await vi.waitFor(() => expect(calls).toBe(1));
    await bus.close(1000);
    await bus.drain();
    expect(calls).toBe(1);
    expect(bus.putEvents([entry('AccountCreated', { id: 'late' })]).Entries[0]?.ErrorCode).toBe(
      'InternalFailure',
    );
    expect(readdirSync(join(dir, 'deliveries'))).toHaveLength(1);
    expect(() => readFileSync(join(dir, 'dead-letters.jsonl'))).toThrow();

    const seen: string[] = [];
    const next = makeBus(
      [rule('slow', { source: ['clientele'] })],
      async (_, event) => {
        seen.push(String(event.detail.id));
      },
      dir,
    );
    next.bus.resume();
    // Its next attempt is due a minute after the failure: the resumed delivery waits for it.
    expect(next.bus.inFlightCount).toBe(1);
    await next.bus.close(100);
    expect(seen).toEqual([]);
    expect(next.journal()).toHaveLength(1);
  });

  it('moves a file that is not a delivery record aside and starts anyway, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clientele-bus-'));
    mkdirSync(join(dir, 'deliveries'));
    writeFileSync(join(dir, 'deliveries', 'empty.json'), '');
    writeFileSync(join(dir, 'deliveries', 'shapeless.json'), '{}');
    writeFileSync(join(dir, 'deliveries', 'half.json.123.tmp'), '{"ev');
    const { bus, lines, journal } = makeBus(
      [rule('stats', { source: ['clientele'] })],
      async () => undefined,
      dir,
    );
    expect(bus.resume()).toBe(0);
    expect(journal().sort()).toEqual(['corrupt']);
    expect(readdirSync(join(dir, 'deliveries', 'corrupt')).sort()).toEqual(['empty.json', 'shapeless.json']);
    expect(lines.filter((line) => line.includes('moved aside'))).toHaveLength(2);
  });
});
