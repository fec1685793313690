// The platform's own keys and ids: the idempotency claim a create writes beside its record, and ids derived from
// a seed for records made exactly once. Every record type's keys are in its area's entity.ts.
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';

/** The claim item at an idempotency claim's partition key (what a record names it by). */
export const idempotencyClaimKey = (pk: string) => ({ pk, sk: 'IDEMPOTENCY' }) as const;
export const idempotencyKey = (scope: string, key: string) =>
  idempotencyClaimKey(`IDEMPOTENCY#${scope}#${key}`);

/**
 * The claims made beside the records of one partition, in index gsi1 (CLAIMS#<pk> / <sk> of the record): what
 * an erasure reads to find the records as created that the claims hold.
 */
export const CLAIMS_INDEX = 'gsi1';
export const claimsPartition = (pk: string) => `CLAIMS#${pk}`;
export const claimsOf = (record: { readonly pk: string; readonly sk: string }) => ({
  gsi1pk: claimsPartition(record.pk),
  gsi1sk: record.sk,
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id derived from `seed`: the same seed, the same id (for records made exactly once). */
export function derivedId(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = CROCKFORD[(digest[0] ?? 0) % 8] ?? '0';
  for (let index = 1; index < 26; index++) id += CROCKFORD[(digest[index] ?? 0) % 32];
  return id;
}

/**
 * A ULID whose time part is `at` and the rest derived from `seed`: made exactly once like derivedId, and still
 * in time order among ids minted when things happened (an account's timeline sorts by its interactions' ids).
 */
export const derivedIdAt = (at: string, seed: string): string =>
  encodeTime(Date.parse(at), 10) + derivedId(seed).slice(10);
