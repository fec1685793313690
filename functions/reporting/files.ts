// Where a report's CSV and HTML live: a private, encrypted S3 bucket on AWS (REPORTS_BUCKET; read through
// short-lived pre-signed links), a directory locally (REPORTS_DIR, $DATA_DIR/reports). Files are written
// before the report's record, so a listed or announced report always has its files.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { optionalEnv } from '../platform/env.ts';

export type ReportFormat = 'csv' | 'html';
export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const bucket = optionalEnv('REPORTS_BUCKET');
const s3 = bucket === undefined ? undefined : new S3Client({});
/** How long a pre-signed link works. */
export const LINK_SECONDS = 15 * 60;

const fileName = (id: string, format: ReportFormat) => `reports/${id}.${format}`;

function localDir(): string {
  const dir = optionalEnv('REPORTS_DIR');
  if (dir === undefined)
    throw new Error('Missing required environment variable REPORTS_BUCKET or REPORTS_DIR');
  return dir;
}

/** Store both files; returns their keys (S3 object keys, or paths under the local directory). */
export async function saveReportFiles(
  id: string,
  files: Readonly<Record<ReportFormat, string>>,
): Promise<Record<ReportFormat, string>> {
  const keys = { csv: fileName(id, 'csv'), html: fileName(id, 'html') };
  for (const format of ['csv', 'html'] as const) {
    if (s3 !== undefined) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keys[format],
          Body: files[format],
          ContentType: CONTENT_TYPES[format],
          ContentDisposition: format === 'csv' ? `attachment; filename="${id}.csv"` : 'inline',
        }),
      );
    } else {
      const path = join(localDir(), `${id}.${format}`);
      await mkdir(localDir(), { recursive: true });
      // Whole or not at all: a reader never sees half a file.
      await writeFile(`${path}.partial`, files[format]);
      await rename(`${path}.partial`, path);
    }
  }
  return keys;
}

/** A file to answer with: a pre-signed link on AWS, the content itself locally. */
export async function reportFile(key: string): Promise<{ link: string } | { content: string }> {
  if (s3 !== undefined) {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key });
    return { link: await getSignedUrl(s3, command, { expiresIn: LINK_SECONDS }) };
  }
  return { content: await readFile(join(localDir(), key.replace(/^reports\//, '')), 'utf8') };
}
