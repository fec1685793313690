// The local bus's pattern matcher against EventBridge's own behaviour (documented, event-ruler's tests and
// AWS-validated cases in the fixture), plus the patterns this project declares.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../functions/app/rules.ts';
import { assertValidPattern, type EventPattern, matchesPattern } from '../../local/event-pattern.ts';

interface FixtureCase {
  readonly name: string;
  readonly pattern: unknown;
  readonly event: unknown;
  readonly match: boolean;
}

function loadFixture(): FixtureCase[] {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('../fixtures/eventbridge-patterns.json', import.meta.url), 'utf8'),
  );
  if (!Array.isArray(raw)) throw new Error('eventbridge-patterns.json must hold an array of cases');
  return raw.map((entry: unknown, index) => {
    // A case of another shape must fail loudly rather than be skipped.
    if (
      typeof entry !== 'object' ||
      entry === null ||
      !('name' in entry) ||
      typeof entry.name !== 'string' ||
      !('pattern' in entry) ||
      !('event' in entry) ||
      !('match' in entry) ||
      typeof entry.match !== 'boolean'
    ) {
      throw new Error(
        `eventbridge-patterns.json case ${index} is not { name, pattern, event, match: boolean }`,
      );
    }
    return { name: entry.name, pattern: entry.pattern, event: entry.event, match: entry.match };
  });
}

const cases = loadFixture();

describe('EventBridge pattern fixture', () => {
  it('holds all 117 cases', () => {
    expect(cases).toHaveLength(117);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  for (const c of cases) {
    it(c.name, () => {
      assertValidPattern(c.pattern);
      expect(matchesPattern(c.pattern, c.event)).toBe(c.match);
    });
  }
});

describe('project patterns', () => {
  const envelope = (detailType: string, detail: unknown, source = 'clientele') => ({
    version: '0',
    id: '0f7c6a5e-1c1e-4b7a-9d4e-2b8c0f1e9a11',
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: '2025-01-01T12:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  });
  const interactionLogged: EventPattern = { source: ['clientele'], 'detail-type': ['InteractionLogged'] };
  const fulfilled: EventPattern = { detail: { data: { status: ['fulfilled'] } } };

  it('every declared rule has a pattern EventBridge would accept', () => {
    for (const rule of RULES) expect(() => assertValidPattern(rule.pattern), rule.name).not.toThrow();
  });

  it('routes InteractionLogged from clientele', () => {
    const event = envelope('InteractionLogged', { accountId: '01J0000000000000000000000A' });
    expect(matchesPattern(interactionLogged, event)).toBe(true);
  });

  it('ignores other detail-types and other sources', () => {
    expect(matchesPattern(interactionLogged, envelope('AccountCreated', {}))).toBe(false);
    expect(matchesPattern(interactionLogged, envelope('InteractionLogged', {}, 'aws.events'))).toBe(false);
    expect(matchesPattern(interactionLogged, envelope('interactionlogged', {}))).toBe(false);
  });

  it('matches on a nested detail field and needs the whole path to be there', () => {
    expect(
      matchesPattern(fulfilled, envelope('OrderUpdated', { data: { status: 'fulfilled', total: 10 } })),
    ).toBe(true);
    expect(matchesPattern(fulfilled, envelope('OrderUpdated', { data: { status: 'pending' } }))).toBe(false);
    expect(matchesPattern(fulfilled, envelope('OrderUpdated', { status: 'fulfilled' }))).toBe(false);
    expect(
      matchesPattern(fulfilled, envelope('OrderUpdated', { data: { status: { value: 'fulfilled' } } })),
    ).toBe(false);
  });

  it('combines operators and $or the way the CDK rule would', () => {
    const pattern: EventPattern = {
      source: ['clientele'],
      detail: {
        category: [{ 'anything-but': 'service' }],
        $or: [{ durationSeconds: [{ numeric: ['>=', 600] }] }, { channel: ['meeting', 'visit'] }],
      },
    };
    const detail = { category: 'sales', channel: 'call', durationSeconds: 900 };
    expect(matchesPattern(pattern, envelope('InteractionLogged', detail))).toBe(true);
    expect(matchesPattern(pattern, envelope('InteractionLogged', { ...detail, durationSeconds: 60 }))).toBe(
      false,
    );
    expect(
      matchesPattern(
        pattern,
        envelope('InteractionLogged', { ...detail, channel: 'visit', durationSeconds: 60 }),
      ),
    ).toBe(true);
    expect(matchesPattern(pattern, envelope('InteractionLogged', { ...detail, category: 'service' }))).toBe(
      false,
    );
  });

  it('does not match an event that is not an object', () => {
    expect(matchesPattern(interactionLogged, null)).toBe(false);
    expect(matchesPattern(interactionLogged, [envelope('InteractionLogged', {})])).toBe(false);
    expect(matchesPattern(interactionLogged, 'InteractionLogged')).toBe(false);
  });
});

describe('invalid patterns', () => {
  it.each<[string, unknown, RegExp]>([
    ['a pattern that is not an object', ['clientele'], /must be a JSON object/],
    ['an empty pattern', {}, /empty objects/],
    ['a leaf that is not an array', { source: 'clientele' }, /at source: must be an object or an array/],
    ['an empty value list', { source: [] }, /at source: empty arrays/],
    ['an empty nested object', { detail: {} }, /at detail: empty objects/],
    ['a nested array in a value list', { source: [['clientele']] }, /match value/],
    ['an unknown operator', { source: [{ 'starts-with': 'cli' }] }, /unknown operator "starts-with"/],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, /only one operator/],
    ['an operator object with no operator', { source: [{}] }, /needs one operator/],
    ['a non-numeric numeric bound', { n: [{ numeric: ['>', '5'] }] }, /must be a number/],
    ['a numeric operand that is not an array', { n: [{ numeric: 5 }] }, /must be an array/],
    ['an unknown numeric operator', { n: [{ numeric: ['!=', 5] }] }, /unknown numeric operator/],
    ['an upper bound followed by another bound', { n: [{ numeric: ['<', 5, '>', 1] }] }, /lower bound/],
    ['an inverted range', { n: [{ numeric: ['>', 5, '<', 1] }] }, /less than the upper bound/],
    ['too many numeric terms', { n: [{ numeric: ['>', 0, '<', 5, '<', 6] }] }, /nothing after that/],
    ['a non-boolean exists', { f: [{ exists: 'yes' }] }, /true or false/],
    ['a mixed anything-but list', { f: [{ 'anything-but': ['a', 1] }] }, /only strings or only numbers/],
    ['an empty anything-but list', { f: [{ 'anything-but': [] }] }, /non-empty/],
    ['anything-but null', { f: [{ 'anything-but': null }] }, /must be a string, a number/],
    ['an empty anything-but prefix', { f: [{ 'anything-but': { prefix: '' } }] }, /empty prefix/],
    [
      'an unsupported anything-but operator',
      { f: [{ 'anything-but': { numeric: ['>', 1] } }] },
      /unsupported/,
    ],
    ['a prefix that is a number', { f: [{ prefix: 12 }] }, /must be a string/],
    [
      'a prefix object other than equals-ignore-case',
      { f: [{ prefix: { suffix: 'x' } }] },
      /equals-ignore-case/,
    ],
    ['consecutive wildcard stars', { f: [{ wildcard: 'a**b' }] }, /consecutive wildcard/],
    ['a wildcard escape other than \\* or \\\\', { f: [{ wildcard: 'a\\b' }] }, /invalid escape/],
    ['a CIDR without a mask', { ip: [{ cidr: '10.0.0.1' }] }, /exactly one "\/"/],
    ['a CIDR with a bad address', { ip: [{ cidr: '10.0.0.256/24' }] }, /not a valid/],
    ['an IPv4 /32', { ip: [{ cidr: '10.0.0.1/32' }] }, /IPv4 mask bits must be < 32/],
    ['an IPv6 /128', { ip: [{ cidr: '2001:db8::1/128' }] }, /IPv6 mask bits must be < 128/],
    ['$or that is not an array', { $or: { a: ['1'] } }, /\$or must be an array/],
    ['$or with a single branch', { $or: [{ a: ['1'] }] }, /at least 2/],
    ['$or with a non-object branch', { $or: [{ a: ['1'] }, ['b']] }, /only objects/],
    ['an operator name used as a field inside $or', { $or: [{ prefix: ['a'] }, { b: ['1'] }] }, /reserved/],
  ])('rejects %s', (_label, pattern, message) => {
    expect(() => assertValidPattern(pattern)).toThrow(message);
  });

  it('makes matchesPattern throw too, rather than quietly never match', () => {
    const pattern: EventPattern = { source: 'clientele' };
    expect(() => matchesPattern(pattern, { source: 'clientele' })).toThrow(/Invalid event pattern at source/);
  });
});

describe('semantics beyond the fixture', () => {
  it('lets the last definition of a field win, as EventBridge documents', () => {
    const pattern: EventPattern = {
      'detail.location': [{ prefix: 'us-' }],
      detail: { location: ['eu-west-1'] },
    };
    expect(matchesPattern(pattern, { detail: { location: 'eu-west-1' } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { location: 'us-east-1' } })).toBe(false);
  });

  it('matches a literal IP address against other spellings of it', () => {
    expect(matchesPattern({ ip: ['2001:db8::1'] }, { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' })).toBe(
      true,
    );
    expect(matchesPattern({ ip: ['10.0.0.1'] }, { ip: '10.0.0.2' })).toBe(false);
  });

  it('matches a wildcard with an escaped backslash and an empty middle', () => {
    expect(matchesPattern({ f: [{ wildcard: 'a\\\\*z' }] }, { f: 'a\\z' })).toBe(true);
    expect(matchesPattern({ f: [{ wildcard: 'ab*bc' }] }, { f: 'abc' })).toBe(false);
    expect(matchesPattern({ f: [{ wildcard: 'ab*bc' }] }, { f: 'abbc' })).toBe(true);
  });

  it('judges exists:false against the array element chosen by the fields before it in path order', () => {
    const event = { items: [{ a: 'x', b: 1 }, { a: 'y' }] };
    expect(matchesPattern({ items: { a: ['y'], b: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesPattern({ items: { a: ['x'], b: [{ exists: false }] } }, event)).toBe(false);
    // event-ruler walks fields in sorted path order: "items.a" comes first, before any element is chosen, so
    // the a in element 0 counts as present even though element 1 (chosen later by b) has none.
    const absentFirst = { items: [{ a: 1, b: 'x' }, { b: 'y' }] };
    expect(matchesPattern({ items: { b: ['y'], a: [{ exists: false }] } }, absentFirst)).toBe(false);
    expect(matchesPattern({ items: { b: ['y'] } }, absentFirst)).toBe(true);
  });
});

// ---- Property: a pattern made of an event's own leaf values always matches that event ----

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const scalar = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
// "$or" is the one key a pattern cannot use as a plain field name.
const key = fc.string({ maxLength: 6 }).filter((k) => k !== '$or');
const { object: jsonObject } = fc.letrec<{ value: Json; object: { [key: string]: Json } }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));

function isScalar(value: Json): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

/** A pattern asking for values the event has; fields whose values are not scalars (or lists of them) are left out. */
function patternFrom(event: { [key: string]: Json }): EventPattern {
  const entries: [string, unknown][] = [];
  for (const [name, value] of Object.entries(event)) {
    if (isScalar(value)) {
      entries.push([name, [value]]);
    } else if (Array.isArray(value)) {
      if (value.length > 0 && value.every(isScalar)) entries.push([name, value]);
    } else {
      const nested = patternFrom(value);
      if (Object.keys(nested).length > 0) entries.push([name, nested]);
    }
  }
  // fromEntries, not assignment, so that a "__proto__" key stays an ordinary field.
  return Object.fromEntries(entries);
}

describe('properties', () => {
  it('a pattern built from an event’s own leaf values matches that event', () => {
    fc.assert(
      fc.property(jsonObject, (event) => {
        const pattern = patternFrom(event);
        fc.pre(Object.keys(pattern).length > 0);
        assertValidPattern(pattern);
        expect(matchesPattern(pattern, event)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
