// EventBridge event-pattern matching for the local bus. It follows event-ruler, the engine behind EventBridge,
// quirks included, so a rule routes the same events on a laptop as it does on AWS.

/**
 * An event pattern as EventBridge takes it: JSON whose leaves are arrays of match values. Kept as loose as the
 * `EventPattern` that the areas' rules.ts declare, so declared rules pass straight in; `assertValidPattern` checks the rest.
 */
export type EventPattern = { readonly [field: string]: unknown };

type Scalar = string | number | boolean | null;
type ValueTest = (value: Scalar) => boolean;

/** Pairs of (array id, element index): which element of each enclosing event array a leaf came from. */
type Membership = readonly (readonly [arrayId: number, index: number])[];

interface Leaf {
  readonly value: Scalar;
  readonly membership: Membership;
}

interface FieldRule {
  readonly tests: readonly ValueTest[];
  /** `{ "exists": false }` is among the field's values. */
  readonly absenceAllowed: boolean;
}

interface Condition extends FieldRule {
  readonly path: string;
}

type Branch = Map<string, FieldRule>;

// Inside `$or`, event-ruler refuses these as field names so that they can never be confused with operators.
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/**
 * Throws, with the offending path in the message, for any pattern EventBridge's PutRule would refuse: a non-object
 * pattern, an empty object or array, a leaf that is not an array, an unknown operator, a malformed operand.
 */
export function assertValidPattern(pattern: unknown): asserts pattern is EventPattern {
  compile(pattern);
}

/**
 * Whether `event` (a whole EventBridge event: source, detail-type, detail, …) matches `pattern`.
 * An invalid pattern throws rather than silently never matching, as PutRule would have refused it.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  const branches = compile(pattern);
  if (!isJsonObject(event)) return false;
  const fields = flatten(event);
  return branches.some((conditions) => matchFrom(conditions, 0, [], fields));
}

// ---- Matching ----

// Array consistency: fields matched inside an array of objects must all come from the same element, and
// `exists: false` only looks at elements consistent with what has matched so far. Fields are taken in sorted path
// order because that is the order event-ruler walks them, which decides what "so far" means for `exists: false`.
function matchFrom(
  conditions: readonly Condition[],
  index: number,
  membership: Membership,
  fields: ReadonlyMap<string, readonly Leaf[]>,
): boolean {
  const condition = conditions[index];
  if (condition === undefined) return true;
  const leaves = fields.get(condition.path) ?? [];
  if (
    condition.absenceAllowed &&
    leaves.every((leaf) => merge(membership, leaf.membership) === undefined) &&
    matchFrom(conditions, index + 1, membership, fields)
  ) {
    return true;
  }
  for (const leaf of leaves) {
    const merged = merge(membership, leaf.membership);
    if (
      merged !== undefined &&
      condition.tests.some((test) => test(leaf.value)) &&
      matchFrom(conditions, index + 1, merged, fields)
    ) {
      return true;
    }
  }
  return false;
}

function merge(a: Membership, b: Membership): Membership | undefined {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged = [...a];
  for (const pair of b) {
    const seen = a.find(([arrayId]) => arrayId === pair[0]);
    if (seen === undefined) merged.push(pair);
    else if (seen[1] !== pair[1]) return undefined;
  }
  return merged;
}

// Paths join keys with dots on both sides, so a pattern `{ a: { b } }` also reaches an event key "a.b" and the
// other way round; event-ruler does the same and AWS really does match that way.
function flatten(event: { readonly [key: string]: unknown }): Map<string, Leaf[]> {
  const fields = new Map<string, Leaf[]>();
  let nextArrayId = 0;
  const visit = (value: unknown, path: string, membership: Membership): void => {
    if (Array.isArray(value)) {
      const arrayId = nextArrayId++;
      value.forEach((element: unknown, index) => {
        visit(element, path, [...membership, [arrayId, index]]);
      });
    } else if (isScalar(value)) {
      const leaves = fields.get(path);
      if (leaves === undefined) fields.set(path, [{ value, membership }]);
      else leaves.push({ value, membership });
    } else if (isJsonObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`, membership);
    }
    // undefined, functions, symbols and bigints have no JSON form: as absent here as in the serialised event.
  };
  for (const [key, value] of Object.entries(event)) visit(value, key, []);
  return fields;
}

// ---- Compiling (and validating) patterns ----

/** The pattern as alternatives (one per combination of `$or` branches), each a list of conditions in path order. */
function compile(pattern: unknown): Condition[][] {
  if (!isJsonObject(pattern)) fail([], 'the pattern must be a JSON object');
  return compileObject(pattern, [], [new Map()], false).map((branch) =>
    [...branch]
      .map(([path, rule]) => ({ path, ...rule }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  );
}

// A field given twice in one alternative (e.g. outside and inside an `$or` branch) keeps its last definition:
// EventBridge documents that the last reference to a key wins.
function compileObject(
  object: { readonly [key: string]: unknown },
  path: readonly string[],
  branches: Branch[],
  insideOr: boolean,
): Branch[] {
  const keys = Object.keys(object);
  if (keys.length === 0) fail(path, 'empty objects are not allowed');
  let current = branches;
  for (const key of keys) {
    const value = object[key];
    if (key === '$or') {
      current = compileOr(value, path, current);
      continue;
    }
    const where = [...path, key];
    if (insideOr && RESERVED_IN_OR.has(key))
      fail(where, `"${key}" is reserved and cannot be a field name inside $or`);
    if (Array.isArray(value)) {
      const rule = compileValues(value, where);
      for (const branch of current) branch.set(where.join('.'), rule);
    } else if (isJsonObject(value)) {
      current = compileObject(value, where, current, insideOr);
    } else {
      fail(where, 'must be an object or an array of match values');
    }
  }
  return current;
}

function compileOr(value: unknown, path: readonly string[], branches: readonly Branch[]): Branch[] {
  const where = [...path, '$or'];
  if (!Array.isArray(value)) fail(where, '$or must be an array of objects');
  if (value.length < 2) fail(where, '$or needs at least 2 objects');
  const result: Branch[] = [];
  for (const alternative of value) {
    if (!isJsonObject(alternative)) fail(where, 'only objects are allowed in $or');
    const copies = branches.map((branch) => new Map(branch));
    result.push(...compileObject(alternative, path, copies, true));
  }
  return result;
}

function compileValues(values: readonly unknown[], where: readonly string[]): FieldRule {
  if (values.length === 0) fail(where, 'empty arrays are not allowed');
  const tests: ValueTest[] = [];
  let absenceAllowed = false;
  for (const value of values) {
    if (isJsonObject(value)) {
      const test = compileOperator(value, where);
      if (test === 'absent') absenceAllowed = true;
      else tests.push(test);
    } else if (isScalar(value)) {
      tests.push(literalTest(value, where));
    } else {
      fail(where, 'a match value must be a string, number, true, false, null or an operator object');
    }
  }
  return { tests, absenceAllowed };
}

function literalTest(literal: Scalar, where: readonly string[]): ValueTest {
  if (typeof literal === 'number') {
    if (!Number.isFinite(literal)) fail(where, 'numbers must be finite');
    // Numbers compare by value, not spelling: 300 matches 300.0 and 3.0e2.
    return (value) => value === literal;
  }
  if (typeof literal === 'string') {
    // event-ruler turns a literal that parses as an IP address into a one-address range, so it also matches
    // other spellings of that address ("2001:db8::1" matches "2001:0db8:0:0:0:0:0:1").
    const address = parseIp(literal);
    if (address !== undefined) {
      return (value) =>
        typeof value === 'string' && (value === literal || sameBytes(parseIp(value), address));
    }
  }
  return (value) => value === literal;
}

function compileOperator(
  expression: { readonly [key: string]: unknown },
  where: readonly string[],
): ValueTest | 'absent' {
  const [operator, ...others] = Object.keys(expression);
  if (operator === undefined) fail(where, 'an operator object needs one operator, e.g. { "prefix": "abc" }');
  if (others.length > 0)
    fail(where, `only one operator is allowed per object, got ${quoteList([operator, ...others])}`);
  const operand = expression[operator];
  const at = [...where, operator];
  switch (operator) {
    case 'prefix': {
      const { text, ignoreCase } = stringOrIgnoreCase(operand, at);
      return ignoreCase
        ? (value) => typeof value === 'string' && fold(value).startsWith(text)
        : (value) => typeof value === 'string' && value.startsWith(text);
    }
    case 'suffix': {
      const { text, ignoreCase } = stringOrIgnoreCase(operand, at);
      return ignoreCase
        ? (value) => typeof value === 'string' && fold(value).endsWith(text)
        : (value) => typeof value === 'string' && value.endsWith(text);
    }
    case 'equals-ignore-case': {
      const text = fold(requireString(operand, at));
      return (value) => typeof value === 'string' && fold(value) === text;
    }
    case 'wildcard': {
      const parts = parseWildcard(requireString(operand, at), at);
      return (value) => typeof value === 'string' && wildcardMatches(parts, value);
    }
    case 'anything-but':
      return compileAnythingBut(operand, at);
    case 'numeric':
      return compileNumeric(operand, at);
    case 'cidr':
      return compileCidr(operand, at);
    case 'exists':
      if (typeof operand !== 'boolean') fail(at, 'must be true or false');
      // A field "exists" only if it has a leaf value: an object or an empty array there does not count.
      return operand ? () => true : 'absent';
    default:
      return fail(where, `unknown operator "${operator}"`);
  }
}

function stringOrIgnoreCase(
  operand: unknown,
  where: readonly string[],
): { text: string; ignoreCase: boolean } {
  if (typeof operand === 'string') return { text: operand, ignoreCase: false };
  if (isJsonObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length === 1 && keys[0] === 'equals-ignore-case') {
      return {
        text: fold(requireString(operand['equals-ignore-case'], [...where, 'equals-ignore-case'])),
        ignoreCase: true,
      };
    }
    fail(where, 'the only operator allowed here is { "equals-ignore-case": "…" }');
  }
  return fail(where, 'must be a string or { "equals-ignore-case": "…" }');
}

// Anything-but needs a leaf to be present, and only excludes values of its own type: anything-but "5" still
// matches the number 5, and every variant matches null.
function compileAnythingBut(operand: unknown, where: readonly string[]): ValueTest {
  if (typeof operand === 'string') return (value) => value !== operand;
  if (typeof operand === 'number') {
    if (!Number.isFinite(operand)) fail(where, 'numbers must be finite');
    return (value) => value !== operand;
  }
  if (Array.isArray(operand)) {
    const strings = operand.every((item) => typeof item === 'string');
    const numbers = operand.every((item) => typeof item === 'number' && Number.isFinite(item));
    if (operand.length === 0 || (!strings && !numbers)) {
      fail(where, 'a list must be non-empty and hold only strings or only numbers');
    }
    const excluded = new Set<unknown>(operand);
    return (value) => !excluded.has(value);
  }
  if (isJsonObject(operand)) {
    const [operator, ...others] = Object.keys(operand);
    if (operator === undefined || others.length > 0) {
      fail(where, 'takes one of { "prefix" | "suffix" | "equals-ignore-case" | "wildcard": … }');
    }
    if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(operator)) {
      fail(where, `unsupported anything-but operator "${operator}"`);
    }
    const at = [...where, operator];
    const inner = operand[operator];
    const texts = typeof inner === 'string' ? [inner] : inner;
    if (!Array.isArray(texts) || !texts.every((text): text is string => typeof text === 'string')) {
      return fail(at, 'must be a string or a list of strings');
    }
    switch (operator) {
      case 'prefix':
      case 'suffix': {
        if (texts.some((text) => text === '')) fail(at, 'an empty prefix or suffix is not allowed');
        const excludes =
          operator === 'prefix'
            ? (value: string) => texts.some((text) => value.startsWith(text))
            : (value: string) => texts.some((text) => value.endsWith(text));
        return (value) => typeof value !== 'string' || !excludes(value);
      }
      case 'equals-ignore-case': {
        const folded = new Set(texts.map(fold));
        return (value) => typeof value !== 'string' || !folded.has(fold(value));
      }
      case 'wildcard': {
        const patterns = texts.map((text) => parseWildcard(text, at));
        return (value) =>
          typeof value !== 'string' || !patterns.some((parts) => wildcardMatches(parts, value));
      }
      default:
        return fail(where, `unsupported anything-but operator "${operator}"`);
    }
  }
  return fail(where, 'must be a string, a number, a list of either, or an operator object');
}

const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

// Allowed shapes: ["=", n], ["<" | "<=", n], [">" | ">=", n] and [">" | ">=", low, "<" | "<=", high] with low < high.
function compileNumeric(operand: unknown, where: readonly string[]): ValueTest {
  if (!Array.isArray(operand)) fail(where, 'must be an array such as [">", 0, "<=", 5]');
  const [first, firstValue, second, secondValue, ...rest] = operand;
  const bound = (operator: unknown, value: unknown): ValueTest => {
    if (typeof operator !== 'string' || !['=', '<', '<=', '>', '>='].includes(operator)) {
      fail(where, `unknown numeric operator ${show(operator)}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(where, `the value after "${operator}" must be a number, got ${show(value)}`);
    }
    return numericComparison(operator, value);
  };
  const firstTest = bound(first, firstValue);
  if (operand.length === 2) return (value) => typeof value === 'number' && firstTest(value);
  if (!LOWER_BOUNDS.has(String(first)) || operand.length !== 4 || rest.length > 0) {
    fail(where, 'only a lower bound (">" or ">=") may be followed by an upper bound, and nothing after that');
  }
  if (!UPPER_BOUNDS.has(String(second)))
    fail(where, `the second operator must be "<" or "<=", got ${show(second)}`);
  const secondTest = bound(second, secondValue);
  if (typeof firstValue === 'number' && typeof secondValue === 'number' && firstValue >= secondValue) {
    fail(where, 'the lower bound must be less than the upper bound');
  }
  return (value) => typeof value === 'number' && firstTest(value) && secondTest(value);
}

function numericComparison(operator: string, bound: number): ValueTest {
  switch (operator) {
    case '=':
      return (value) => value === bound;
    case '<':
      return (value) => typeof value === 'number' && value < bound;
    case '<=':
      return (value) => typeof value === 'number' && value <= bound;
    case '>':
      return (value) => typeof value === 'number' && value > bound;
    default:
      return (value) => typeof value === 'number' && value >= bound;
  }
}

// ---- Wildcards ----

// A wildcard is its literal runs; a `*` sits between each pair. `\*` is a literal star and `\\` a backslash.
function parseWildcard(pattern: string, where: readonly string[]): readonly string[] {
  const parts: string[] = [];
  let run = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '*') {
      if (pattern.charAt(i + 1) === '*') fail(where, `consecutive wildcard characters at position ${i}`);
      parts.push(run);
      run = '';
    } else if (char === '\\') {
      const next = pattern.charAt(i + 1);
      if (next !== '*' && next !== '\\')
        fail(where, `invalid escape at position ${i}: only \\* and \\\\ are allowed`);
      run += next;
      i++;
    } else {
      run += char;
    }
  }
  parts.push(run);
  return parts;
}

// Leftmost-first matching of the middle runs is enough when `*` is the only metacharacter, and unlike a
// RegExp it cannot backtrack catastrophically on a hostile event.
function wildcardMatches(parts: readonly string[], value: string): boolean {
  const [head = '', ...others] = parts;
  const tail = others.pop();
  if (tail === undefined) return value === head;
  if (value.length < head.length + tail.length || !value.startsWith(head) || !value.endsWith(tail))
    return false;
  const end = value.length - tail.length;
  let from = head.length;
  for (const part of others) {
    const found = value.indexOf(part, from);
    if (found < 0 || found + part.length > end) return false;
    from = found + part.length;
  }
  return true;
}

// ---- IP addresses ----

// Only strings of these shapes are treated as addresses (event-ruler checks them so as never to resolve a host name).
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

function compileCidr(operand: unknown, where: readonly string[]): ValueTest {
  const cidr = requireString(operand, where);
  const [address = '', maskText, ...extra] = cidr.split('/');
  if (maskText === undefined || extra.length > 0)
    fail(where, `malformed CIDR "${cidr}": exactly one "/" is required`);
  if (!/^[+-]?[0-9]+$/.test(maskText))
    fail(where, `malformed CIDR "${cidr}": the mask bits must be an integer`);
  const maskBits = Number(maskText);
  if (maskBits < 0) fail(where, `malformed CIDR "${cidr}": the mask bits must not be negative`);
  const base = parseIp(address);
  if (base === undefined) fail(where, `"${address}" is not a valid IPv4 or IPv6 address`);
  // event-ruler caps the mask below the address width: a /32 (or IPv6 /128) is refused; list the address instead.
  const width = base.length * 8;
  if (maskBits >= width) fail(where, `${base.length === 4 ? 'IPv4' : 'IPv6'} mask bits must be < ${width}`);
  // Host bits set in the base address are ignored: 10.0.0.255/24 is 10.0.0.0/24.
  const low = base.map((byte, i) => byte & prefixMask(maskBits - i * 8));
  const high = base.map((byte, i) => byte | (~prefixMask(maskBits - i * 8) & 0xff));
  return (value) => {
    if (typeof value !== 'string') return false;
    const ip = parseIp(value);
    return (
      ip !== undefined &&
      ip.length === base.length &&
      compareBytes(ip, low) >= 0 &&
      compareBytes(ip, high) <= 0
    );
  };
}

/** The mask of one byte that keeps its first `bits` bits (clamped to 0..8). */
function prefixMask(bits: number): number {
  const kept = Math.min(8, Math.max(0, bits));
  return (0xff << (8 - kept)) & 0xff;
}

function parseIp(text: string): Uint8Array | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return undefined;
}

// Octets are decimal even with leading zeros (010 is ten, not octal eight), and Java's parser caps the text at 15
// characters.
function parseIpv4(text: string): Uint8Array | undefined {
  if (text.length > 15) return undefined;
  const octets = text.split('.').map(Number);
  return octets.every((octet) => octet <= 255) ? Uint8Array.from(octets) : undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined): string[] =>
    half === undefined || half === '' ? [] : half.split(':');
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (![...head, ...tail].every((group) => IPV6_GROUP.test(group))) return undefined;
  const compressed = halves.length === 2;
  // "::" must stand for at least one group of zeros.
  if (compressed ? head.length + tail.length > 7 : head.length !== 8) return undefined;
  const groups = [...head, ...Array.from({ length: 8 - head.length - tail.length }, () => '0'), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const word = Number.parseInt(group, 16);
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  // Java reads an IPv4-mapped address (::ffff:a.b.c.d) as the IPv4 address itself.
  const mapped =
    bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && compareBytes(a, b) === 0;
}

// ---- Small helpers ----

function fold(text: string): string {
  return text.toLowerCase();
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

function isJsonObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, where: readonly string[]): string {
  if (typeof value !== 'string') fail(where, `must be a string, got ${show(value)}`);
  return value;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function fail(where: readonly string[], reason: string): never {
  const at = where.length === 0 ? '' : ` at ${where.join('.')}`;
  throw new Error(`Invalid event pattern${at}: ${reason}`);
}
