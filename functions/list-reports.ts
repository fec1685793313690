// GET /reports?period=&limit=&cursor= → reports, newest period first, with links to their JSON, CSV and HTML.
import { ReportListQuery } from './domain/report-api.ts';
import { listReports } from './domain/report-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: ReportListQuery }, async ({ query }) =>
  json(200, await listReports(query)),
);
