// The reporting area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).
import type { RouteDeclaration } from '../platform/declarations.ts';
import { ReportDocument, ReportListQuery, ReportPath, ReportSummary } from './report-api.ts';

export const listReports = {
  method: 'GET',
  path: '/reports',
  handler: 'reporting/handlers/list-reports',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Reports made by the daily, weekly and monthly runs (or npm run report), newest period first.',
  tag: 'Reports',
  query: ReportListQuery,
  responses: { 200: ReportSummary },
} as const satisfies RouteDeclaration;

export const getReport = {
  method: 'GET',
  path: '/reports/{id}',
  handler: 'reporting/handlers/get-report',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  reports: 'read',
  summary:
    'One report: `<period>-<start>` → its figures (JSON); `….csv` → the CSV; `….html` → the page with charts (on AWS a 303 to a pre-signed link).',
  tag: 'Reports',
  params: ReportPath,
  responses: { 200: ReportDocument, 303: undefined, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [listReports, getReport] as const satisfies readonly RouteDeclaration[];
