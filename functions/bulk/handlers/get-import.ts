// GET /imports/{id} → 200: the import's state and counts as they are now; 404 for an unknown import.
import { httpHandler, json } from '../../platform/http.ts';
import { importProgress } from '../import-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getImport, async ({ params }) =>
  json(200, await importProgress(params.id), { 'Cache-Control': 'no-store' }),
);
