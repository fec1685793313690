// GET /imports/{id}/errors → a page of the import's row errors, in row order: JSON, or `format=csv` a CSV
// (formula-safe) with the next page's link in the Link header. 404 for an unknown import.
import { csvLine } from '../../platform/csv-cells.ts';
import { NotFound } from '../../platform/errors.ts';
import { httpHandler, json } from '../../platform/http.ts';
import { getImport, listErrors } from '../import-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listImportErrors, async ({ params, query }) => {
  if ((await getImport(params.id)) === undefined) throw new NotFound('Import', params.id);
  const page = await listErrors(params.id, query.limit, query.cursor);
  if (query.format === 'json') return json(200, page);
  const next: Record<string, string> =
    page.nextCursor === null
      ? {}
      : {
          Link: `</imports/${params.id}/errors?format=csv&limit=${query.limit}&cursor=${encodeURIComponent(page.nextCursor)}>; rel="next"`,
        };
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="import-${params.id}-errors.csv"`,
      'Cache-Control': 'no-store',
      ...next,
    },
    text: [
      csvLine(['row', 'column', 'message']),
      ...page.items.map((error) => csvLine([String(error.row), error.column ?? '', error.message])),
    ].join(''),
  };
});
