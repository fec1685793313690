// An entity: one record type's keys and its secondary indexes, each named for the access pattern it serves
// (`byOwner`, `byStatus`, `byDueDate`) and mapped onto a physical index of the table here, in the entity,
// once. Stores build items and read records through it, so no key prefix is spelled anywhere else.
import { stamped } from './actor.ts';
import type { PhysicalIndex } from './table.ts';

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

/** One access pattern: where it lives, and the index key of a record (undefined: not in this index). */
export interface IndexSpec<R> {
  readonly index: PhysicalIndex;
  readonly key: (record: R) => Key | undefined;
}

/** The index every record type is in: every record of one type, in id (so creation) order. */
export const TYPE_INDEX = 'gsi4' satisfies PhysicalIndex;

/** The partition of the type index that holds every record of `type` (e.g. `DEAL`). */
export const typePartition = (type: string) => `TYPE#${type}`;

/** The type index's key of a record of `type` with `id`: sort keys `<TYPE>#<id>` order by id. */
export const typeSortKey = (type: string, id: string) => `${type}#${id}`;

/** The every-record-of-one-type index, for an entity whose records have an `id`. */
export function byType<R extends { readonly id: string }>(
  type: string,
): IndexSpec<R> & { readonly type: string } {
  return {
    index: TYPE_INDEX,
    type,
    key: (record) => ({ pk: typePartition(type), sk: typeSortKey(type, record.id) }),
  };
}

export interface EntitySpec<R, I extends Readonly<Record<string, IndexSpec<R>>>, T extends string = string> {
  /** The item's `type` attribute (`Account`, `Deal`…); a literal, so the event names can be keyed by it. */
  readonly type: T;
  readonly key: (record: R) => Key;
  readonly indexes: I;
}

export interface Entity<R, I extends Readonly<Record<string, IndexSpec<R>>>, T extends string = string>
  extends EntitySpec<R, I, T> {
  /** The item stored for a record: its key, its type, its index keys, then the record itself. */
  item(record: R): Record<string, unknown> & Key;
}

/** The attributes that hold an item's key in a physical index (`gsi2pk`, `gsi2sk`). */
export const indexAttributes = (index: PhysicalIndex) => ({ pk: `${index}pk`, sk: `${index}sk` }) as const;

/**
 * A record's keys in `indexes`, as item attributes: what `item` adds, and what an update of the fields an
 * index key is built from must set with them. An index the record is not in adds nothing.
 */
export function indexKeysOf<R>(
  indexes: Readonly<Record<string, IndexSpec<R>>>,
  record: R,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const index of Object.values(indexes)) {
    const key = index.key(record);
    if (key === undefined) continue;
    const names = indexAttributes(index.index);
    attributes[names.pk] = key.pk;
    attributes[names.sk] = key.sk;
  }
  return attributes;
}

export function entity<R, I extends Readonly<Record<string, IndexSpec<R>>>, T extends string = string>(
  spec: EntitySpec<R, I, T>,
): Entity<R, I, T> {
  return {
    ...spec,
    item(record) {
      return {
        ...spec.key(record),
        type: spec.type,
        ...indexKeysOf(spec.indexes, record),
        ...(stamped(record) as object),
      };
    },
  };
}

/**
 * The record in an item read from the table: the item without its storage attributes. (A function of its own,
 * not a method of the entity, so a handler that only reads carries no entity in its bundle.)
 */
export const recordOf = <R>(item: Readonly<Record<string, unknown>>): R =>
  withoutStorageAttributes(item) as R;

/**
 * The attribute a merge or an erasure stamps (with its own id) on each record it moves, relinks or erases: such a
 * write announces nothing, since the merge's or erasure's own event tells it (lifecycle/merge.ts, person.ts).
 */
export const MERGE_STAMP = 'mergeId';

/** Strip the storage attributes (keys, indexes, type tag, expiry, a merge's stamp) from an item, leaving the record. */
export function withoutStorageAttributes(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (
      name === 'pk' ||
      name === 'sk' ||
      name === 'type' ||
      name === 'expiresAt' ||
      name === MERGE_STAMP ||
      /^gsi\d+(pk|sk)$/.test(name)
    )
      continue;
    record[name] = value;
  }
  return record;
}
