// GET /reports/{id} → the report's figures as JSON; /reports/{id}.csv and /reports/{id}.html → its files
// (on AWS a 303 to a short-lived pre-signed S3 link, locally the file itself).

import { httpHandler, json, pagePolicy } from '../../platform/http.ts';
import { CONTENT_TYPES, type ReportFormat, reportFile } from '../files.ts';
import { getReport } from '../report-store.ts';
import * as routes from '../routes.ts';

const PAGE_HEADERS = {
  'Content-Security-Policy': pagePolicy("'none'"),
  'X-Content-Type-Options': 'nosniff',
};

export const handler = httpHandler(routes.getReport, async ({ params }) => {
  const [, id = '', extension] = /^(.+?)(?:\.(csv|html))?$/.exec(params.id) ?? [];
  const stored = await getReport(id);
  const links = { json: `/reports/${id}`, csv: `/reports/${id}.csv`, html: `/reports/${id}.html` };
  if (extension === undefined) {
    const { files: _files, ...summary } = stored;
    return json(200, { ...summary, links }, { ETag: `"${stored.version}"`, 'Cache-Control': 'no-store' });
  }
  const format = extension as ReportFormat;
  const file = await reportFile(stored.files[format]);
  if ('link' in file)
    return { statusCode: 303, headers: { Location: file.link, 'Cache-Control': 'no-store' } };
  return {
    statusCode: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Cache-Control': 'no-store',
      ...(format === 'csv' ? { 'Content-Disposition': `attachment; filename="${id}.csv"` } : PAGE_HEADERS),
    },
    text: file.content,
  };
});
