// The bench's DynamoDB write units, by AWS's rules: sizes of values and items, standard and transactional
// writes, condition checks, and the index writes an item's keys cause.
import { describe, expect, it } from 'vitest';
import { itemSize, valueSize, writeUnits } from '../../bench/capacity.ts';

const INDEXES = [
  { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
];
const text = (bytes: number) => ({ S: 'x'.repeat(bytes) });

describe('item sizes', () => {
  it('counts names and values as DynamoDB stores them', () => {
    expect(valueSize({ S: 'Grüße' })).toBe(7); // UTF-8 bytes
    expect(valueSize({ N: '123456' })).toBe(4); // 6 significant digits: 3 + 1
    expect(valueSize({ N: '-0.00120' })).toBe(2); // leading and trailing zeros are not stored
    expect(valueSize({ BOOL: true })).toBe(1);
    expect(valueSize({ NULL: true })).toBe(1);
    expect(valueSize({ B: new Uint8Array(10) })).toBe(10);
    expect(valueSize({ SS: ['ab', 'cde'] })).toBe(5);
    expect(valueSize({ L: [{ S: 'ab' }, { BOOL: false }] })).toBe(3 + 3 + 2);
    expect(valueSize({ M: { ab: { S: 'cd' } } })).toBe(3 + 2 + 1 + 2);
    expect(itemSize({ pk: { S: 'A#1' }, n: { N: '7' } })).toBe(2 + 3 + 1 + 2);
    expect(itemSize(undefined)).toBe(0);
  });
});

describe('write units', () => {
  const small = { pk: { S: 'a' }, sk: { S: 'b' } };
  const big = { ...small, body: text(1500) };

  it('bills a standard write by the started KB of the larger image, at least one', () => {
    expect(writeUnits(undefined, small)).toEqual({ table: 1, indexes: 0 });
    expect(writeUnits(big, small)).toEqual({ table: 2, indexes: 0 });
    expect(writeUnits(small, undefined)).toEqual({ table: 1, indexes: 0 });
  });

  it('bills every action of a transaction twice, a condition check included', () => {
    expect(writeUnits(undefined, big, { transactional: true })).toEqual({ table: 4, indexes: 0 });
    expect(writeUnits(big, big, { kind: 'check', transactional: true })).toEqual({ table: 4, indexes: 0 });
  });

  it('writes each index the item is in, once, and both entries when its index key moves', () => {
    const listed = { ...small, gsi1pk: { S: 'OWNER#1' }, gsi1sk: { S: 'A' }, gsi2pk: { S: 'STAGE#lead' } };
    // gsi2 needs both its keys: the item is in gsi1 only.
    expect(writeUnits(undefined, listed, { indexes: INDEXES })).toEqual({ table: 1, indexes: 1 });
    const moved = { ...listed, gsi1pk: { S: 'OWNER#2' } };
    expect(writeUnits(listed, moved, { transactional: true, indexes: INDEXES })).toEqual({
      table: 2,
      indexes: 2,
    });
    // Left as it was (attributes in another order): no index write.
    const reordered = { gsi2pk: listed.gsi2pk, ...small, gsi1sk: listed.gsi1sk, gsi1pk: listed.gsi1pk };
    expect(writeUnits(listed, reordered, { indexes: INDEXES })).toEqual({ table: 1, indexes: 0 });
    // Out of the index: the old entry is deleted.
    expect(writeUnits(listed, small, { indexes: INDEXES })).toEqual({ table: 1, indexes: 1 });
  });
});
