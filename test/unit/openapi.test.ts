// The OpenAPI document's operations are named for their functions, the names generated clients call them by.
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../functions/app/openapi.ts';
import { ROUTES } from '../../functions/app/routes.ts';

type Paths = Record<string, Record<string, { operationId?: string }>>;

describe('openapi operations', () => {
  const paths = buildOpenApi().paths as Paths;
  const ids = ROUTES.map((route) => paths[route.path]?.[route.method.toLowerCase()]?.operationId);

  it('are named in camelCase after the function that serves them', () => {
    expect(paths['/accounts']?.post?.operationId).toBe('createAccount');
    expect(paths['/deals/{id}']?.patch?.operationId).toBe('updateDeal');
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]*$/);
  });

  it('have one name per function (routes sharing a function share its name)', () => {
    const byFunction = new Map<string, Set<string | undefined>>();
    ROUTES.forEach((route, index) => {
      const names = byFunction.get(route.handler) ?? new Set();
      names.add(ids[index]);
      byFunction.set(route.handler, names);
    });
    for (const names of byFunction.values()) expect(names.size).toBe(1);
    expect(new Set(ids).size).toBe(byFunction.size);
  });
});
