// GET /failures?status=&limit=&cursor= → the automations' dead letters, the most recent failure first.
import { httpHandler, json } from '../../platform/http.ts';
import { listFailures } from '../failure-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listFailures, async ({ query }) =>
  json(200, await listFailures(query)),
);
