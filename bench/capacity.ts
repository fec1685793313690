// DynamoDB's write units for a write, by AWS's published rules, from the item as it was and as it is after
// the write. DynamoDB Local's ConsumedCapacity is not a model of them: it reports 2 units for a transaction of
// any number of small items, so the bench computes the units itself.
//
// The rules (DynamoDB Developer Guide: item sizes, read/write capacity, transactions, global secondary
// indexes):
// - a standard write costs 1 unit per started KB of the larger of the item before and after it (at least 1);
// - every action of a TransactWriteItems is done twice (prepare, commit): 2 units per started KB, a
//   ConditionCheck too (of the item it checks);
// - each global secondary index the item is in (before or after) is written as well, 1 unit per started KB of
//   the projected item (every index here projects ALL): a put of the new entry, a delete of the old one, both
//   when the item's index key changed; nothing when the write left the item as it was.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's stored size: about one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** The stored size of one attribute value, in bytes. */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, text) => sum + utf8(text), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, text) => sum + numberSize(text), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, bytes) => sum + bytes.length, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined)
    return (
      3 +
      Object.entries(value.M).reduce((sum, [name, element]) => sum + utf8(name) + 1 + valueSize(element), 0)
    );
  return 0;
}

/** An item's size as DynamoDB bills it: each attribute's name and value. */
export function itemSize(item: Item | undefined): number {
  if (item === undefined) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

const kilobytes = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export interface IndexKeys {
  readonly partitionKey: string;
  readonly sortKey: string;
}

const indexKeyOf = (item: Item | undefined, index: IndexKeys) => {
  const pk = item?.[index.partitionKey];
  const sk = item?.[index.sortKey];
  return pk === undefined || sk === undefined ? undefined : JSON.stringify([pk, sk]);
};

/** JSON with every map's names in order: the same item reads the same, whatever order its attributes came in. */
function canonical(value: unknown): string {
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonical((value as Record<string, unknown>)[name])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

export type WriteKind = 'write' | 'check';

export interface WriteUnits {
  readonly table: number;
  readonly indexes: number;
}

/**
 * The units of one write of an item from `before` to `after` (undefined: absent), standard or in a
 * transaction; a `check` (ConditionCheck) costs its read of `before` twice and writes no index.
 */
export function writeUnits(
  before: Item | undefined,
  after: Item | undefined,
  { kind = 'write', transactional = false, indexes = [] as readonly IndexKeys[] } = {},
): WriteUnits {
  const times = transactional ? 2 : 1;
  if (kind === 'check') return { table: times * kilobytes(itemSize(before)), indexes: 0 };
  const table = times * kilobytes(Math.max(itemSize(before), itemSize(after)));
  if (canonical(before) === canonical(after)) return { table, indexes: 0 };
  let indexUnits = 0;
  for (const index of indexes) {
    const was = indexKeyOf(before, index);
    const is = indexKeyOf(after, index);
    if (is !== undefined) indexUnits += kilobytes(itemSize(after));
    if (was !== undefined && was !== is) indexUnits += kilobytes(itemSize(before));
  }
  return { table, indexes: indexUnits };
}
