// fast-check arbitraries made from a route's zod schemas, through the JSON Schema the OpenAPI document is
// generated from: values a schema accepts, and values it must refuse (a defect by construction, kept only when
// the schema itself refuses it). Values are JSON as written on the wire — numbers past 2^53 or 1e400 as their
// text, objects as entry lists so `__proto__` and repeated keys survive — and `jsonText` writes them.
import fc, { type Arbitrary } from 'fast-check';
import type { $ZodType } from 'zod/v4/core';
import * as z from '../../functions/platform/zod.ts';

/** A JSON token written as is: `9007199254740993`, `1e400`, `-0`, `1.0`, or a whole nested document. */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object as its entries, in order: keys such as `__proto__`, and repeats, are written as given. */
export class Obj {
  constructor(readonly entries: readonly Entry[]) {}
}

export type Value = null | boolean | number | string | Raw | Obj | readonly Value[];
export type Entry = readonly [string, Value];

export function jsonText(value: Value): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) {
    return `{${value.entries.map(([name, item]) => `${JSON.stringify(name)}:${jsonText(item)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return JSON.stringify(value);
}

/** What a handler sees after JSON.parse. */
export const parsedValue = (value: Value): unknown => JSON.parse(jsonText(value));

/** The part of JSON Schema that z.toJSONSchema writes for this API's schemas. */
export interface Node {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Node;
  readonly propertyNames?: Node;
  readonly items?: Node;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly Value[];
  readonly anyOf?: readonly Node[];
  readonly default?: unknown;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, Node>>;
}

/** The input JSON Schema of `schema` (as the OpenAPI document has it), references inlined. */
export function nodeOf(schema: $ZodType): Node {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node;
  const defs = root.$defs ?? {};
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== 'object') return node;
    const { $ref, $defs: _, ...rest } = node as Node;
    if ($ref !== undefined) {
      const target = defs[$ref.replace('#/$defs/', '')];
      if (target === undefined) throw new Error(`unresolved ${$ref}`);
      return inline({ ...target, ...rest });
    }
    return Object.fromEntries(Object.entries(rest).map(([key, item]) => [key, inline(item)]));
  };
  return inline(root) as Node;
}

/** Real values for a property of this name (ids of records and members that exist), used now and then. */
export type Pools = (name: string) => readonly string[] | undefined;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------------------------------
// Hostile material

/** Names JavaScript objects carry: as keys they must be data, never the prototype's. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  'then',
] as const;

/** Texts a field may well hold, none blank at either end. */
const HOSTILE_TEXT = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "Robert'); DROP TABLE accounts;--",
  '{{7*7}} #{7*7} <%= 7*7 %>',
  '../../etc/passwd',
  '\u202eevil\u202c',
  'שלום עולם',
  'مرحبا بالعالم',
  '👩🏽‍💻 Zoë',
  'e\u0301\u0301\u0301',
  'a\u200bb',
  'x\u0000y',
  'lone \ud800 surrogate',
  'trail \udfff',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '9007199254740993',
  '__proto__',
  'constructor',
  'ACCOUNT#01JD0000000000000000000000',
  '#',
  '%00%0d%0a',
  '\\u0000',
  'a\r\nSet-Cookie: x=1',
);

const cleanText = fc.oneof(
  { weight: 2, arbitrary: HOSTILE_TEXT },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }) },
);

/** A string of exactly `length` UTF-16 units made of `unit` (one or two units wide). */
const repeatTo = (unit: string, length: number) =>
  unit.repeat(Math.floor(length / unit.length)) + 'x'.repeat(length % unit.length);
const WIDE_UNITS = ['x', 'é', '😀', '字', '<', '\u0000', '\ud800'] as const;

const EMAIL = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,12}[a-z0-9])?$/),
    fc.stringMatching(/^[a-z0-9]{1,12}$/),
    fc.constantFrom('com', 'org', 'test', 'example'),
  )
  .filter(([local]) => !local.includes('..'))
  .map(([local, host, tld]) => `${local}@${host}.${tld}`);
const DATE = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const DATE_TIME = fc.oneof(
  fc
    .date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2199-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString()),
  fc.constantFrom('2026-05-01T09:00:00Z', '2026-05-01T09:00:00+02:00', '2026-05-01T09:00:00.123456789-05:30'),
);
const ULID = fc.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);

const BAD_DATES = [
  '2026-02-30',
  '2026-13-01',
  '2026-1-1',
  '26-01-01',
  '2026-01-01T00:00:00',
  '2026-01-01 00:00:00Z',
  'tomorrow',
  '',
  '0000-00-00',
  '2026-01-01T25:00:00Z',
  '+275760-09-13T00:00:00Z',
];
const BAD_EMAILS = ['a@', '@b.com', 'a@@b.com', 'a b@c.com', 'a@b', 'a@b.c', '<x>@y.com', 'a..b@c.com', ''];
const BAD_ULIDS = [
  '',
  ' ',
  '0',
  '01jd0000000000000000000000',
  '01JD000000000000000000000',
  '01JD00000000000000000000000',
  '01JD000000000000000000000I',
  '01JD000000000000000000000U',
  '01JD00000000000000000000 0',
  '../../../etc/passwd',
  '01JD0000000000000000000000/../x',
  '__proto__',
  'constructor',
  '%2e%2e',
  '😀'.repeat(13),
  'A'.repeat(5000),
];

/** Anything JSON, a few levels deep. */
export const anyJson: Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    cleanText,
    fc.constantFrom(new Raw('9007199254740993'), new Raw('1e400'), new Raw('-0'), new Raw('1.0')),
    fc.array(tie('value'), { maxLength: 3 }),
    fc
      .array(
        fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 8 })), tie('value')),
        {
          maxLength: 3,
        },
      )
      .map((entries) => new Obj(entries)),
  ),
})).value;

/** Nesting far deeper than any schema goes. */
export const DEEP = [
  new Raw(`${'['.repeat(3000)}${']'.repeat(3000)}`),
  new Raw(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`),
] as const;

/** Values of every JSON type, for a field that takes another. */
const WRONG_TYPES: readonly Value[] = [
  null,
  true,
  false,
  0,
  1,
  -1,
  1.5,
  '',
  'x',
  '1',
  'true',
  'null',
  'NaN',
  [],
  [1],
  ['x'],
  new Obj([]),
  new Obj([['__proto__', new Obj([['polluted', true]])]]),
  new Obj([['constructor', new Obj([['prototype', new Obj([['polluted', true]])]])]]),
  new Raw('9007199254740993'),
  new Raw('1e400'),
  new Raw('-1e400'),
  ...DEEP,
];

function typeMatches(value: Value, node: Node): boolean {
  if (node.anyOf !== undefined) return node.anyOf.some((branch) => typeMatches(value, branch));
  const parsed = parsedValue(value);
  switch (node.type) {
    case 'string':
      return typeof parsed === 'string';
    case 'integer':
    case 'number':
      return typeof parsed === 'number';
    case 'boolean':
      return typeof parsed === 'boolean';
    case 'null':
      return parsed === null;
    case 'array':
      return Array.isArray(parsed);
    case 'object':
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    default:
      return node.enum === undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Values a node accepts

export function validValue(node: Node, pools: Pools, name = ''): Arbitrary<Value> {
  if (node.anyOf !== undefined)
    return fc.oneof(...node.anyOf.map((branch) => validValue(branch, pools, name)));
  if (node.enum !== undefined) return fc.constantFrom(...node.enum);
  switch (node.type) {
    case 'string':
      return validString(node, pools, name);
    case 'integer':
      return validInteger(node);
    case 'number':
      return validNumber();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = node.minItems ?? 0;
      const max = Math.min(node.maxItems ?? min + 4, min + 4);
      return fc.array(validValue(node.items ?? {}, pools), { minLength: min, maxLength: max });
    }
    case 'object':
      return validObject(node, pools);
    default:
      return anyJson;
  }
}

export function validString(node: Node, pools: Pools, name = ''): Arbitrary<string> {
  const min = node.minLength ?? 0;
  const max = node.maxLength ?? 5000;
  const pool = pools(name);
  const generated = generatedString(node, min, max);
  const fits = (text: string) => text.length >= min && text.length <= max;
  const sized = generated.filter(fits);
  return pool === undefined || pool.length === 0
    ? sized
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: sized });
}

function generatedString(node: Node, min: number, max: number): Arbitrary<string> {
  if (node.format === 'email') return EMAIL;
  if (node.format === 'date-time') return DATE_TIME;
  if (node.format === 'date') return DATE;
  if (node.pattern !== undefined) {
    const pattern = new RegExp(node.pattern);
    if (node.pattern === '^[0-9A-HJKMNP-TV-Z]{26}$') return ULID;
    const names = PROTOTYPE_NAMES.filter((name) => pattern.test(name));
    const matching = fc.stringMatching(pattern, { size: 'small' });
    return names.length === 0 ? matching : fc.oneof(matching, fc.constantFrom(...names));
  }
  const edges = WIDE_UNITS.map((unit) => repeatTo(unit, Math.max(1, max))).filter(
    (text) => text.trim() !== '',
  );
  return fc.oneof(
    { weight: 8, arbitrary: cleanText },
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
    { weight: 1, arbitrary: fc.constant(repeatTo('y', Math.max(1, min))) },
  );
}

function validInteger(node: Node): Arbitrary<Value> {
  const min = Math.max(node.minimum ?? -1_000_000_000, -MAX_SAFE);
  const max = Math.min(node.maximum ?? 1_000_000_000, MAX_SAFE);
  const any =
    max - min <= 2 ** 31
      ? fc.integer({ min, max })
      : fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map((value) => Number(value));
  const written: Arbitrary<Value>[] = [
    fc.integer({ min, max: Math.min(max, min + 1000) }).map((n) => new Raw(`${n}.0`)),
  ];
  if (min <= 0 && max >= 0) written.push(fc.constant(new Raw('-0')));
  if (min <= 100 && max >= 100) written.push(fc.constant(new Raw('1e2')));
  return fc.oneof(
    { weight: 6, arbitrary: any },
    { weight: 2, arbitrary: fc.constantFrom(min, max) },
    { weight: 1, arbitrary: fc.oneof(...written) },
  );
}

function validNumber(): Arbitrary<Value> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }) },
    { weight: 2, arbitrary: fc.integer() },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Value>(
        0,
        0.1,
        5e-324,
        1e21,
        MAX_SAFE,
        -MAX_SAFE,
        new Raw('-0'),
        new Raw('1.7976931348623157e308'),
        // Past 2^53: JSON.parse rounds them; the number then has no exact value to store.
        new Raw('9007199254740993'),
        new Raw('123456789012345678901234567890'),
      ),
    },
  );
}

function validObject(node: Node, pools: Pools): Arbitrary<Value> {
  const required = new Set(node.required ?? []);
  const fields = Object.entries(node.properties ?? {}).map(([name, property]) => {
    const value = validValue(property, pools, name).map((item): Entry => [name, item]);
    return required.has(name)
      ? value.map((entry): Entry | undefined => entry)
      : fc.option(value, { nil: undefined });
  });
  const extra =
    typeof node.additionalProperties === 'object'
      ? fc.uniqueArray(
          fc.tuple(
            validString(node.propertyNames ?? { type: 'string' }, pools),
            validValue(node.additionalProperties, pools),
          ),
          { maxLength: 5, selector: ([key]) => key },
        )
      : fc.constant([] as Entry[]);
  return fc
    .tuple(fc.tuple(...fields), extra)
    .map(([entries, more]) => new Obj([...entries.filter((entry) => entry !== undefined), ...more]));
}

// ---------------------------------------------------------------------------------------------------------
// Values a node refuses (best effort here; the caller keeps only what the zod schema refuses)

export function brokenValue(node: Node, pools: Pools, name = ''): Arbitrary<Value> {
  const wrongType = fc.constantFrom(...WRONG_TYPES.filter((value) => !typeMatches(value, node)));
  const options: Arbitrary<Value>[] = [];
  if (node.anyOf !== undefined) {
    for (const branch of node.anyOf)
      if (branch.type !== 'null') options.push(brokenValue(branch, pools, name));
  } else if (node.enum !== undefined) {
    const words = node.enum.filter((word): word is string => typeof word === 'string');
    options.push(
      fc.constantFrom(
        ...words.flatMap((word) => [word.toUpperCase(), ` ${word}`, `${word}\u0000`, `${word}s`]),
        ...PROTOTYPE_NAMES,
        '',
      ),
    );
  } else {
    switch (node.type) {
      case 'string':
        options.push(...brokenStrings(node));
        break;
      case 'integer':
      case 'number':
        options.push(brokenNumber(node));
        break;
      case 'array':
        options.push(...brokenArrays(node, pools));
        break;
      case 'object':
        options.push(...brokenObjects(node, pools));
        break;
    }
  }
  return options.length === 0 ? wrongType : fc.oneof({ weight: 1, arbitrary: wrongType }, ...options);
}

function brokenStrings(node: Node): Arbitrary<string>[] {
  const options: Arbitrary<string>[] = [];
  if (node.maxLength !== undefined && node.maxLength <= 60_000) {
    const max = node.maxLength;
    options.push(
      fc
        .tuple(fc.constantFrom('x', 'é', '😀', '字', '<'), fc.integer({ min: 1, max: 40 }))
        .map(([unit, extra]) => repeatTo(unit, max + extra)),
    );
  }
  if ((node.minLength ?? 0) > 0) options.push(fc.constantFrom('', ' ', '   ', '\t\n'));
  if (node.format === 'email') options.push(fc.constantFrom(...BAD_EMAILS));
  if (node.format === 'date' || node.format === 'date-time') options.push(fc.constantFrom(...BAD_DATES));
  if (node.pattern !== undefined) {
    const pattern = new RegExp(node.pattern);
    const misses = [
      ...BAD_ULIDS,
      ...PROTOTYPE_NAMES,
      'eur',
      'EURO',
      'a b',
      '1abc',
      '-x',
      'ключ',
      'x'.repeat(65),
    ];
    options.push(
      fc.oneof(
        fc.constantFrom(...misses.filter((text) => !pattern.test(text))),
        cleanText.filter((text) => !pattern.test(text)),
      ),
    );
  }
  return options;
}

function brokenNumber(node: Node): Arbitrary<Value> {
  // Past ±(2^53 − 1) a number has no exact value to store: refused where the schema knows it.
  const candidates: Value[] = [
    new Raw('1e400'),
    new Raw('-1e400'),
    new Raw('-9007199254740993'),
    new Raw('1e300'),
  ];
  if (node.minimum !== undefined) candidates.push(node.minimum - 1, node.minimum - 0.5, -MAX_SAFE);
  if (node.maximum !== undefined) {
    candidates.push(
      node.maximum + 1,
      node.maximum + 0.5,
      new Raw(`${BigInt(Math.trunc(node.maximum)) + 2n}`),
    );
  }
  if (node.type === 'integer') {
    candidates.push(1.5, 0.1, new Raw('1e-7'), new Raw('2.0000000001'));
    if (node.maximum === undefined || node.maximum >= 2 ** 53) candidates.push(new Raw('9007199254740993'));
  }
  return fc.constantFrom(...candidates);
}

function brokenArrays(node: Node, pools: Pools): Arbitrary<Value>[] {
  const item = validValue(node.items ?? {}, pools);
  const options: Arbitrary<Value>[] = [];
  if (node.maxItems !== undefined && node.maxItems <= 200) {
    const max = node.maxItems;
    options.push(item.map((one) => Array.from({ length: max + 1 }, () => one)));
  }
  if ((node.minItems ?? 0) > 0) options.push(fc.constant([]));
  if (node.items !== undefined) {
    options.push(
      fc
        .tuple(
          fc.array(item, { maxLength: 2 }),
          brokenValue(node.items, pools),
          fc.array(item, { maxLength: 2 }),
        )
        .map(([before, bad, after]) => [...before, bad, ...after]),
    );
  }
  return options;
}

/** Keys a strict object has never heard of. */
const unknownKey = (known: readonly string[]) =>
  fc
    .oneof(
      fc.constantFrom(
        ...PROTOTYPE_NAMES,
        '',
        ' ',
        'a'.repeat(300),
        'id',
        'version',
        'pk',
        'createdBy',
        '$where',
      ),
      fc.constantFrom(...known.flatMap((name) => [name.toUpperCase(), ` ${name}`, `${name}.x`, `${name}[]`])),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    )
    .filter((key) => !known.includes(key));

function brokenObjects(node: Node, pools: Pools): Arbitrary<Value>[] {
  const properties = node.properties ?? {};
  const known = Object.keys(properties);
  const valid = validObject(node, pools) as Arbitrary<Obj>;
  const options: Arbitrary<Value>[] = [];
  const required = node.required ?? [];
  if (required.length > 0) {
    options.push(
      fc
        .tuple(valid, fc.constantFrom(...required))
        .map(([object, missing]) => new Obj(object.entries.filter(([key]) => key !== missing))),
    );
  }
  if (node.additionalProperties === false) {
    options.push(
      fc
        .tuple(valid, unknownKey(known), fc.oneof(anyJson, fc.constantFrom(...DEEP)), fc.boolean())
        .map(
          ([object, key, value, first]) =>
            new Obj(first ? [[key, value], ...object.entries] : [...object.entries, [key, value]]),
        ),
    );
  }
  if (known.length > 0) {
    // One field broken; written last, and sometimes after a valid copy of itself (the last one counts).
    options.push(
      fc
        .constantFrom(...known)
        .chain((name) =>
          fc.tuple(
            valid,
            fc.constant(name),
            brokenValue(properties[name] ?? {}, pools, name),
            validValue(properties[name] ?? {}, pools, name),
            fc.boolean(),
          ),
        )
        .map(([object, name, bad, good, repeat]) => {
          const rest = object.entries.filter(([key]) => key !== name);
          return new Obj([...rest, ...(repeat ? [[name, good] as Entry] : []), [name, bad]]);
        }),
    );
  }
  if (typeof node.additionalProperties === 'object') {
    const values = node.additionalProperties;
    const keyNode = node.propertyNames ?? { type: 'string' };
    const goodKey = validString(keyNode, pools);
    const entry = fc.tuple(goodKey, validValue(values, pools));
    const badKeys = brokenStrings(keyNode);
    const badKey = badKeys.length > 0 ? fc.oneof(...badKeys) : fc.constant('');
    options.push(
      // A key the record refuses, a value it refuses, or more entries than it holds.
      fc
        .tuple(valid, badKey, validValue(values, pools))
        .map(([object, key, value]) => new Obj([...object.entries, [key, value]])),
      fc
        .tuple(valid, goodKey, brokenValue(values, pools))
        .map(([object, key, value]) => new Obj([...object.entries, [key, value]])),
      fc
        .uniqueArray(entry, { minLength: 51, maxLength: 60, selector: ([key]) => key })
        .map((entries) => new Obj(entries)),
    );
  }
  return options;
}
