// Who may do what, as the platform decides it, generated from the route declarations: every route × every
// kind of caller → the declared outcome. A members' route lets in exactly the active members holding one of
// its roles (in token and team alike), refuses the rest with 403 naming the allowed roles, and a caller
// without a token with 401; a public route asks nobody. Then the escalations a non-admin would try, and
// how long a deactivated member keeps getting in.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/app/routes.ts';
import { ROLES, type Role } from '../../functions/platform/access.ts';
import type { RouteDeclaration } from '../../functions/platform/declarations.ts';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

// A team of its own: the active sales and service members made here must not join other files' round-robins.
await useOwnTable('access');
const { CACHE_SECONDS, forgetMemberships, membershipOf } = await import(
  '../../functions/platform/membership.ts'
);
const createMember = await loadHandler<Handler>('team/handlers/create-member');
const updateMember = await loadHandler<Handler>('team/handlers/update-member');

const run = Date.now().toString(36);
const ACCESS_CODES = ['NoRole', 'RoleRequired', 'NotAMember'];

interface Caller {
  readonly name: string;
  /** null: no token at all. */
  readonly sub: string | null;
  readonly groups: readonly string[];
  /** The roles the caller is let in with (none: refused everywhere but public routes). */
  readonly holds: readonly Role[];
  /** The refusal a members' route answers when the caller holds none of its roles. */
  readonly refusal: 401 | 'NoRole' | 'RoleRequired' | 'NotAMember';
}

let added = 0;
async function addMember(roles: Role[], active = true): Promise<string> {
  const userId = `access-${roles.join('-')}-${active ? 'on' : 'off'}-${run}-${++added}`;
  const response = await call(createMember, 'POST', {
    resource: '/team',
    body: { name: userId, email: `${userId}@clientele.test`, roles, active, userId },
  });
  expect(response.status).toBe(201);
  return userId;
}

const handlers = new Map<string, Promise<Handler>>();
const handlerOf = (route: RouteDeclaration) => {
  let handler = handlers.get(route.handler);
  if (handler === undefined) {
    handler = loadHandler<Handler>(route.handler);
    handlers.set(route.handler, handler);
  }
  return handler;
};

/** The route called as `caller` with no body and placeholder path parameters: only who gets in matters. */
async function callAs(route: RouteDeclaration, caller: Caller) {
  const params = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name ?? '', '0'.repeat(26)]),
  );
  return call(await handlerOf(route), route.method, {
    resource: route.path,
    params,
    sub: caller.sub,
    groups: caller.groups,
  });
}

const callers: Caller[] = [];

beforeAll(async () => {
  const sales = await addMember(['sales']);
  const service = await addMember(['service']);
  const salesAndService = await addMember(['sales', 'service']);
  const inactiveAdmin = await addMember(['admin'], false);
  callers.push(
    { name: 'no token', sub: null, groups: [], holds: [], refusal: 401 },
    { name: 'admin', sub: 'tester', groups: ['admin'], holds: ['admin'], refusal: 'RoleRequired' },
    { name: 'sales', sub: sales, groups: ['sales'], holds: ['sales'], refusal: 'RoleRequired' },
    { name: 'service', sub: service, groups: ['service'], holds: ['service'], refusal: 'RoleRequired' },
    {
      name: 'sales + service',
      sub: salesAndService,
      groups: ['sales', 'service'],
      holds: ['sales', 'service'],
      refusal: 'RoleRequired',
    },
    // The token claims admin; the team says sales only: the team wins.
    {
      name: 'sales member with an admin token',
      sub: sales,
      groups: ['admin', 'sales'],
      holds: ['sales'],
      refusal: 'RoleRequired',
    },
    { name: 'no known group', sub: sales, groups: ['everyone', 'sales-ish'], holds: [], refusal: 'NoRole' },
    { name: 'no group at all', sub: sales, groups: [], holds: [], refusal: 'NoRole' },
    { name: 'unknown member', sub: `stranger-${run}`, groups: ['admin'], holds: [], refusal: 'NotAMember' },
    { name: 'inactive member', sub: inactiveAdmin, groups: ['admin'], holds: [], refusal: 'NotAMember' },
  );
});

describe('every route × every caller', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s lets in exactly whom it declares',
    async (_, route) => {
      for (const caller of callers) {
        const answer = await callAs(route, caller);
        const what = `${caller.name} → ${route.method} ${route.path}: ${answer.status} ${answer.text.slice(0, 200)}`;
        const code: unknown = answer.json?.error?.code;
        if (route.auth === 'public') {
          expect(answer.status, what).not.toBe(401);
          expect(ACCESS_CODES, what).not.toContain(code);
          continue;
        }
        const allowed = caller.holds.some((role) => (route.roles as readonly Role[]).includes(role));
        if (allowed) {
          expect([401, 403], what).not.toContain(answer.status);
        } else if (caller.refusal === 401) {
          expect(answer.status, what).toBe(401);
          expect(answer.headers['www-authenticate'], what).toBe('Bearer');
        } else {
          expect(answer.status, what).toBe(403);
          expect(code, what).toBe(caller.refusal);
          expect(answer.json.error.allowedRoles, what).toEqual(route.roles);
        }
      }
    },
  );

  it('gives every role a route of its own and admin every route', () => {
    for (const route of ROUTES) if (route.auth === 'user') expect(route.roles).toContain('admin');
    for (const role of ROLES) {
      expect(
        ROUTES.some((route) => route.auth === 'user' && (route.roles as readonly Role[]).includes(role)),
      ).toBe(true);
    }
  });
});

describe('privilege escalation', () => {
  const member = (role: Role) => callers.find((caller) => caller.name === role) as Caller;

  it('refuses a non-admin who adds a member, or an admin, with 403 — and adds nobody', async () => {
    for (const role of ['sales', 'service'] as const) {
      const caller = member(role);
      const email = `escalate-${role}-${run}@clientele.test`;
      const answer = await call(createMember, 'POST', {
        resource: '/team',
        body: { name: 'Me Again', email, roles: ['admin'], userId: `me-${role}-${run}` },
        sub: caller.sub,
        groups: caller.groups,
      });
      expect(answer.status).toBe(403);
      expect(answer.json.error).toMatchObject({ code: 'RoleRequired', allowedRoles: ['admin'] });
      // The same address is still free: nothing was written.
      const made = await call(createMember, 'POST', {
        resource: '/team',
        body: { name: 'Real', email, roles: ['sales'] },
      });
      expect(made.status).toBe(201);
    }
  });

  it("refuses a non-admin who changes roles (their own or anyone's) with 403", async () => {
    const caller = member('sales');
    const self = await membershipOf(caller.sub ?? '');
    for (const id of [self?.memberId ?? '', '0'.repeat(26)]) {
      const answer = await call(updateMember, 'PATCH', {
        resource: '/team/{id}',
        params: { id },
        body: { roles: ['admin', 'sales'] },
        sub: caller.sub,
        groups: ['sales', 'admin'],
      });
      expect(answer.status).toBe(403);
    }
    forgetMemberships();
    expect((await membershipOf(caller.sub ?? ''))?.roles).toEqual(['sales']);
  });

  it('keeps an admin from locking themselves out (409), and lets another admin do it', async () => {
    const admin = await addMember(['admin']);
    const { memberId } = (await membershipOf(admin)) ?? { memberId: '' };
    for (const body of [{ active: false }, { roles: ['sales'] }, { userId: `elsewhere-${run}` }]) {
      const answer = await call(updateMember, 'PATCH', {
        resource: '/team/{id}',
        params: { id: memberId },
        body,
        sub: admin,
      });
      expect(answer.status, JSON.stringify(body)).toBe(409);
    }
    const byAnother = await call(updateMember, 'PATCH', {
      resource: '/team/{id}',
      params: { id: memberId },
      body: { active: false },
    });
    expect(byAnother.status).toBe(200);
    expect(byAnother.json.active).toBe(false);
  });
});

describe('PATCH /team/{id} and versions', () => {
  it('honours If-Match (stale → 412, nothing written), answers the ETag, and loses no racing change', async () => {
    const userId = await addMember(['sales']);
    const { memberId } = (await membershipOf(userId)) ?? { memberId: '' };
    const patch = (body: Record<string, unknown>, ifMatch?: number) =>
      call(updateMember, 'PATCH', {
        resource: '/team/{id}',
        params: { id: memberId },
        body,
        ...(ifMatch === undefined ? {} : { headers: { 'If-Match': `"${ifMatch}"` } }),
      });
    const renamed = await patch({ name: 'Sam B.' }, 1);
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    const stale = await patch({ name: 'Lost' }, 1);
    expect(stale.status).toBe(412);
    // Changes to different fields at once, without If-Match: each applied to what the others left.
    const racing = await Promise.all([
      patch({ name: 'Sam Brightwell' }),
      patch({ roles: ['sales', 'service'] }),
      patch({ active: true }),
    ]);
    expect(racing.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const last = await patch({ name: 'Sam Brightwell' }, 5);
    expect(last.status, last.text).toBe(200);
    expect(last.json).toMatchObject({
      name: 'Sam Brightwell',
      roles: ['sales', 'service'],
      active: true,
      version: 6,
    });
    // A stale If-Match with a new sign-in identity claims nothing: the identity stays free.
    const claim = await patch({ userId: `moved-${run}` }, 1);
    expect(claim.status).toBe(412);
    const free = await call(createMember, 'POST', {
      resource: '/team',
      body: { name: 'Other', email: `other-${run}@clientele.test`, roles: ['sales'], userId: `moved-${run}` },
    });
    expect(free.status, free.text).toBe(201);
    const taken = await patch({ userId: `moved-${run}` });
    expect(taken.status).toBe(409);
    expect(taken.json.error.details[0].path).toBe('userId');
  });
});

describe('a member set inactive', () => {
  it(`is refused once the cached answer expires: at most ${CACHE_SECONDS} s (the bound is 60)`, async () => {
    expect(CACHE_SECONDS).toBeLessThanOrEqual(60);
    const userId = await addMember(['service']);
    const start = Date.now();
    const before = await membershipOf(userId, start);
    expect(before?.active).toBe(true);
    const answer = await call(updateMember, 'PATCH', {
      resource: '/team/{id}',
      params: { id: before?.memberId ?? '' },
      body: { active: false },
    });
    expect(answer.status).toBe(200);
    // Within the window a warm environment may still let them in; past it, never.
    expect((await membershipOf(userId, start + (CACHE_SECONDS - 1) * 1000))?.active).toBe(true);
    expect((await membershipOf(userId, start + CACHE_SECONDS * 1000 + 1))?.active).toBe(false);
  });

  it('gives their sign-in identity up with PATCH userId null, and another member may take it', async () => {
    const userId = await addMember(['sales']);
    const { memberId } = (await membershipOf(userId)) ?? { memberId: '' };
    const taken = await call(createMember, 'POST', {
      resource: '/team',
      body: { name: 'Twin', email: `twin-${run}@clientele.test`, roles: ['sales'], userId },
    });
    expect(taken.status).toBe(409);
    expect(taken.json.error.details[0].path).toBe('userId');
    const released = await call(updateMember, 'PATCH', {
      resource: '/team/{id}',
      params: { id: memberId },
      body: { userId: null },
    });
    expect(released.status).toBe(200);
    expect(released.json.userId).toBeUndefined();
    const twin = await call(createMember, 'POST', {
      resource: '/team',
      body: { name: 'Twin', email: `twin-${run}@clientele.test`, roles: ['sales'], userId },
    });
    expect(twin.status).toBe(201);
    forgetMemberships();
    expect((await membershipOf(userId))?.memberId).toBe(twin.json.id);
  });
});
