// Opaque pagination cursors: DynamoDB's LastEvaluatedKey, base64url-encoded, checked on the way back in so
// a tampered or foreign cursor is a 400 rather than a 500 or a read of some other partition.
import { Invalid } from './errors.ts';

export type Key = Record<string, string>;

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (key === undefined) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decode a cursor, accepting only a key with exactly `attributes` and `fixed` values where given. */
export function decodeCursor(
  cursor: string | undefined,
  attributes: readonly string[],
  fixed: Readonly<Record<string, string>> = {},
): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new Invalid([{ path: 'query.cursor', message: 'The cursor is not valid here.' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid();
  const entries = Object.entries(decoded);
  if (entries.length !== attributes.length) throw invalid();
  const key: Key = {};
  for (const [name, value] of entries) {
    if (!attributes.includes(name) || typeof value !== 'string' || value.length > 1024) throw invalid();
    if (fixed[name] !== undefined && fixed[name] !== value) throw invalid();
    key[name] = value;
  }
  return key;
}
