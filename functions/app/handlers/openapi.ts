// GET /openapi.json → the OpenAPI 3.1 document of every route (built once per execution environment).
import { json, publicHttpHandler } from '../../platform/http.ts';
import { buildOpenApi } from '../openapi.ts';
import * as routes from '../operations.ts';

let document: Record<string, unknown> | undefined;

export const handler = publicHttpHandler(routes.openapi, async () => {
  document ??= buildOpenApi();
  return json(200, document, { 'Cache-Control': 'public, max-age=300' });
});
