// GET /forms/{id}/submissions → the form's submissions, newest first, each with its processing state
// (accepted, processed with what it produced, failed with the reason).

import { httpHandler, json } from '../../platform/http.ts';
import { listSubmissions } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listSubmissions, async ({ params, query }) =>
  json(200, await listSubmissions(params.id, query)),
);
