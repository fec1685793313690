// Where a report's CSV and HTML live: a private, encrypted S3 bucket on AWS (REPORTS_BUCKET; read through
// short-lived pre-signed links), a directory locally (REPORTS_DIR, $DATA_DIR/reports), chosen once at load.
// Files are written before the report's record, so a listed or announced report always has its files.
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

/** How long a pre-signed link works. */
export const LINK_SECONDS = 15 * 60;

/** A file to answer with: a link to send the caller to, or the content itself. */
export type ReportFile = { link: string } | { content: string };

/** Where report files are kept; both adapters take the same keys (`reports/<id>.<format>`). */
interface ReportFiles {
  write(key: string, id: string, format: ReportFormat, content: string): Promise<void>;
  read(key: string): Promise<ReportFile>;
}

function bucketFiles(bucket: string, s3: S3Client): ReportFiles {
  return {
    async write(key, id, format, content) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: content,
          ContentType: CONTENT_TYPES[format],
          ContentDisposition: format === 'csv' ? `attachment; filename="${id}.csv"` : 'inline',
        }),
      );
    },
    async read(key) {
      const command = new GetObjectCommand({ Bucket: bucket, Key: key });
      return { link: await getSignedUrl(s3, command, { expiresIn: LINK_SECONDS }) };
    },
  };
}

function directoryFiles(dir: string): ReportFiles {
  const pathOf = (key: string) => join(dir, key.replace(/^reports\//, ''));
  return {
    async write(key, _id, _format, content) {
      const path = pathOf(key);
      await mkdir(dir, { recursive: true });
      // Whole or not at all: a reader never sees half a file.
      await writeFile(`${path}.partial`, content);
      await rename(`${path}.partial`, path);
    },
    async read(key) {
      return { content: await readFile(pathOf(key), 'utf8') };
    },
  };
}

// Unconfigured fails on use, not at load, so what imports this module for something else (reporting.ts's
// periodsDue) still loads without either variable.
function unconfigured(): ReportFiles {
  const fail = async (): Promise<never> => {
    throw new Error('Missing required environment variable REPORTS_BUCKET or REPORTS_DIR');
  };
  return { write: fail, read: fail };
}

function fromEnvironment(): ReportFiles {
  const bucket = optionalEnv('REPORTS_BUCKET');
  if (bucket !== undefined) return bucketFiles(bucket, new S3Client({}));
  const dir = optionalEnv('REPORTS_DIR');
  return dir === undefined ? unconfigured() : directoryFiles(dir);
}

const files = fromEnvironment();

const fileName = (id: string, format: ReportFormat) => `reports/${id}.${format}`;

/** Store both files; returns their keys (S3 object keys, or paths under the local directory). */
export async function saveReportFiles(
  id: string,
  contents: Readonly<Record<ReportFormat, string>>,
): Promise<Record<ReportFormat, string>> {
  const keys = { csv: fileName(id, 'csv'), html: fileName(id, 'html') };
  for (const format of ['csv', 'html'] as const) {
    await files.write(keys[format], id, format, contents[format]);
  }
  return keys;
}

/** A file to answer with: a pre-signed link on AWS, the content itself locally. */
export async function reportFile(key: string): Promise<ReportFile> {
  return files.read(key);
}
