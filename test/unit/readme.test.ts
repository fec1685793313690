// The README's access matrix is what the route declarations say — the declarations the platform enforces
// (test/integration/access.test.ts checks that) — so the table a reader trusts cannot drift from the API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/app/routes.ts';
import { ROLES, type Role } from '../../functions/platform/access.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

function matrix(): string {
  const lines = [`| route | ${ROLES.join(' | ')} |`, `|---|${ROLES.map(() => ':-:').join('|')}|`];
  for (const route of ROUTES) {
    if (route.auth !== 'user') continue;
    const cells = ROLES.map((role) => ((route.roles as readonly Role[]).includes(role) ? '✓' : ''));
    lines.push(`| \`${route.method} ${route.path}\` | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

describe('README', () => {
  it('shows the access matrix the routes declare (regenerate it from the expected value below)', () => {
    const block = /<!-- access-matrix[^>]*-->\n([\s\S]*?)\n<!-- \/access-matrix -->/.exec(README)?.[1];
    expect(block, 'the README has an access-matrix block').toBeDefined();
    expect(block).toBe(matrix());
  });

  it('names every public route as public', () => {
    const section = README.slice(README.indexOf('## Who may do what'));
    for (const route of ROUTES) {
      if (route.auth !== 'public' || route.path === '/forms/{id}/embed') continue;
      expect(section, `${route.method} ${route.path}`).toContain(route.path);
    }
  });
});
