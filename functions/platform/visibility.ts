// Record-level visibility: per role, whether a member sees every account (and what lives under it), deal
// and task — `all` — or only their own — `own`: the accounts and deals they own, the tasks assigned to them.
// Declared once here, with a deployment's choice in VISIBILITY (the stack sets it from the `visibility`
// context, `npm start` passes it through), e.g. {"sales":{"accounts":"own","deals":"own"}} or {"sales":"own"}.
// Admins always see everything: they manage the team and its records.
import type { Caller, Role } from './access.ts';
import * as z from './zod.ts';

export const VISIBLE = ['accounts', 'deals', 'tasks'] as const;
export type Visible = (typeof VISIBLE)[number];
export type Scope = 'all' | 'own';
export type Visibility = Readonly<Record<Exclude<Role, 'admin'>, Readonly<Record<Visible, Scope>>>>;

export const DEFAULT_VISIBILITY: Visibility = {
  sales: { accounts: 'all', deals: 'all', tasks: 'all' },
  service: { accounts: 'all', deals: 'all', tasks: 'all' },
};

const ScopeSchema = /* @__PURE__ */ (() => z.enum(['all', 'own']))();
const RoleVisibility = /* @__PURE__ */ (() =>
  z.union([
    ScopeSchema,
    z.strictObject({
      accounts: z.optional(ScopeSchema),
      deals: z.optional(ScopeSchema),
      tasks: z.optional(ScopeSchema),
    }),
  ]))();
const VisibilitySchema = /* @__PURE__ */ (() =>
  z.strictObject({ sales: z.optional(RoleVisibility), service: z.optional(RoleVisibility) }))();

/** A deployment's visibility from its JSON; a mistake is an error naming it (the start fails, loudly). */
export function parseVisibility(text: string | undefined): Visibility {
  if (text === undefined || text.trim() === '') return DEFAULT_VISIBILITY;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`VISIBILITY is not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = z.safeParse(VisibilitySchema, json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new Error(
      `VISIBILITY ${text.slice(0, 200)} is not valid (${problems.join('; ')}). Write e.g. {"sales":{"accounts":"own","deals":"own","tasks":"own"}} or {"sales":"own"}.`,
    );
  }
  const of = (role: 'sales' | 'service') => {
    const given = parsed.data[role];
    const base = DEFAULT_VISIBILITY[role];
    if (given === undefined) return base;
    if (typeof given === 'string') return { accounts: given, deals: given, tasks: given };
    return {
      ...base,
      ...Object.fromEntries(Object.entries(given).filter(([, scope]) => scope !== undefined)),
    };
  };
  return { sales: of('sales'), service: of('service') };
}

let configured: Visibility | undefined;
/** This deployment's visibility (read from VISIBILITY once). */
export const visibility = (): Visibility => {
  configured ??= parseVisibility(process.env.VISIBILITY);
  return configured;
};

/** What the caller sees of `what`: `all` when any of their roles sees all of it. */
export function scopeOf(caller: Caller, what: Visible, given: Visibility = visibility()): Scope {
  return caller.roles.some((role) => role === 'admin' || given[role][what] === 'all') ? 'all' : 'own';
}

/** Whether the caller sees a record of `what` whose owner (or assignee) is `ownerId`. */
export const sees = (caller: Caller, what: Visible, ownerId: string | undefined): boolean =>
  scopeOf(caller, what) === 'all' || (ownerId !== undefined && ownerId === caller.memberId);

/**
 * A new record's input under `own` visibility: made without an owner (or assignee) in `field`, it is the
 * maker's — else they could not see what they just made. Unchanged otherwise.
 */
export function ownedByDefault<B extends { readonly [key: string]: unknown }>(
  caller: Caller,
  what: Visible,
  field: keyof B & string,
  body: B,
): B {
  return body[field] === undefined && scopeOf(caller, what) === 'own'
    ? { ...body, [field]: caller.memberId }
    : body;
}

/**
 * A list's query as the caller may run it: unchanged under `all`; under `own`, narrowed to the caller in its
 * owner (or assignee) `field` — undefined when it asks for someone else's, which shows nothing.
 */
export function visibleQuery<Q extends { readonly [key: string]: unknown }>(
  caller: Caller,
  what: Visible,
  field: keyof Q & string,
  query: Q,
): Q | undefined {
  if (scopeOf(caller, what) === 'all') return query;
  const asked = query[field];
  if (asked !== undefined && asked !== caller.memberId) return undefined;
  return { ...query, [field]: caller.memberId };
}
