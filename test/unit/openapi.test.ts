// The OpenAPI document's operations are named for their functions, the names generated clients call them by.
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../functions/app/openapi.ts';
import { ROUTES } from '../../functions/app/routes.ts';

type Operation = {
  operationId?: string;
  'x-roles'?: string[];
  security?: unknown[];
  responses: Record<
    string,
    { content?: Record<string, { schema: { properties: { error: { required: string[] } } } }> }
  >;
};
type Paths = Record<string, Record<string, Operation>>;

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

  it("say who may call each members' route (x-roles and a 403 naming the allowed roles), and need no token on public ones", () => {
    for (const route of ROUTES) {
      const operation = paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      if (route.auth === 'user') {
        expect(operation?.['x-roles'], route.path).toEqual(route.roles);
        expect(operation?.security).toEqual([{ bearer: [] }]);
        const forbidden = operation?.responses['403']?.content?.['application/json']?.schema;
        expect(forbidden?.properties.error.required).toContain('allowedRoles');
      } else {
        expect(operation?.['x-roles']).toBeUndefined();
        expect(operation?.security).toEqual([]);
      }
    }
  });
});
