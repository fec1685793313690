// The members the in-process handler tests call as (created by the global setup): admins, who may call
// every route, so a test of a route's behaviour is not a test of who may call it (test/integration/access
// tests that). Not sales or service: the round-robins of the automations' tests stay theirs. `tester` is the
// default caller; `alice` and `bob` are two callers whose idempotency keys must not meet.
const admin = (id: string, userId: string) =>
  ({
    id,
    name: userId,
    email: `${userId}@clientele.test`,
    roles: ['admin'] as ('admin' | 'sales' | 'service')[],
    active: true,
    userId,
  }) as const;

export const TEST_MEMBERS = [
  admin('01JTESTERMEMBER00000000000', 'tester'),
  admin('01JTESTERMEMBER0000000A11C', 'alice'),
  admin('01JTESTERMEMBER0000000B0B0', 'bob'),
] as const;

export const TESTER = TEST_MEMBERS[0];
