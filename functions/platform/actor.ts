// Who is making a change: the admitted member on a members' route, `public` on a public one, `system:<name>`
// in an automation or scheduled job. Set once per invocation by the platform's handler wrappers; every
// record written records it (`createdBy` once, `updatedBy` on each change), and the domain event of the
// change carries it as its `actor`.
import { AsyncLocalStorage } from 'node:async_hooks';

const current = /* @__PURE__ */ new AsyncLocalStorage<string>();

/** Run `work` as `actor`: the writes it makes record it. */
export const actingAs = <T>(actor: string, work: () => T): T => current.run(actor, work);

/** The actor of the work in progress (`system` outside any handler: tools and tests). */
export const currentActor = (): string => current.getStore() ?? 'system';

/**
 * The record as written now: `updatedBy` the current actor, and `createdBy` too when it is being created
 * (it has none yet, and is at its first version).
 */
export function stamped<R>(record: R): R {
  const fields = record as { createdBy?: unknown; version?: unknown };
  const actor = currentActor();
  const creating = fields.createdBy === undefined && (fields.version === undefined || fields.version === 1);
  return { ...record, ...(creating ? { createdBy: actor } : {}), updatedBy: actor };
}
