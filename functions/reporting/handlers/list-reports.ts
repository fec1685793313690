// GET /reports?period=&limit=&cursor= → reports, newest period first, with links to their JSON, CSV and HTML.

import { httpHandler, json } from '../../platform/http.ts';
import { listReports } from '../report-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listReports, async ({ query }) =>
  json(200, await listReports(query)),
);
