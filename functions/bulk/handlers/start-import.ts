// POST /imports → 202 + Location of the import (200 with the same import when asked again for the upload);
// `dryRun: true` → 200 with the preview, writing nothing. 404 when nothing has been uploaded; 400 naming the
// problem when the file has no header, the mapping names a column it lacks, or no column names anyone.
import { httpHandler, json } from '../../platform/http.ts';
import { importProgress, previewImport, startImport } from '../import-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.startImport, async ({ body }) => {
  if (body.dryRun) return json(200, { dryRun: true, ...(await previewImport(body)) });
  const { created, record } = await startImport(body, new Date());
  const location = { Location: `/imports/${record.id}` };
  return created ? json(202, record, location) : json(200, await importProgress(record.id), location);
});
