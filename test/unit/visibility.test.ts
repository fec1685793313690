// The visibility declaration: a deployment's JSON read strictly (a mistake names itself), the shorthand per
// role, and the rule that any role seeing all of a kind of record sees all of it; admins always do.
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../functions/platform/access.ts';
import { DEFAULT_VISIBILITY, parseVisibility, scopeOf } from '../../functions/platform/visibility.ts';

const caller = (...roles: Caller['roles']): Caller => ({ sub: 's', memberId: 'm', roles });

describe('visibility', () => {
  it('is all for everyone unless a deployment says otherwise', () => {
    expect(parseVisibility(undefined)).toEqual(DEFAULT_VISIBILITY);
    expect(parseVisibility(' ')).toEqual(DEFAULT_VISIBILITY);
  });

  it('takes a scope per role, or per role and record type', () => {
    expect(parseVisibility('{"sales":"own"}').sales).toEqual({ accounts: 'own', deals: 'own', tasks: 'own' });
    const mixed = parseVisibility('{"sales":{"deals":"own"},"service":{"tasks":"own"}}');
    expect(mixed.sales).toEqual({ accounts: 'all', deals: 'own', tasks: 'all' });
    expect(mixed.service).toEqual({ accounts: 'all', deals: 'all', tasks: 'own' });
  });

  it('refuses what it cannot read, naming it', () => {
    expect(() => parseVisibility('{sales:own}')).toThrow(/not JSON/);
    expect(() => parseVisibility('{"sales":"mine"}')).toThrow(/sales/);
    expect(() => parseVisibility('{"admin":"own"}')).toThrow(/admin/);
    expect(() => parseVisibility('{"sales":{"tickets":"own"}}')).toThrow(/tickets/);
  });

  it("lets the widest of a caller's roles decide, and admins see all", () => {
    const given = parseVisibility('{"sales":"own"}');
    expect(scopeOf(caller('sales'), 'accounts', given)).toBe('own');
    expect(scopeOf(caller('sales', 'service'), 'accounts', given)).toBe('all');
    expect(scopeOf(caller('admin', 'sales'), 'deals', given)).toBe('all');
    expect(scopeOf(caller('service'), 'tasks', given)).toBe('all');
  });
});
