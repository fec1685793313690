// The local runtime's settings, shared by `npm start` and every CLI so they all find the same data.
import { join, resolve } from 'node:path';
import { uploadSecret } from './auth.ts';

export interface LocalConfig {
  /** HTTP port of the API (PORT, default 3000; 0 picks a free one). */
  readonly port: number;
  /**
   * The address the API listens on (HOST, default 127.0.0.1: this machine only). DynamoDB Local, which has
   * no authentication at all, always listens on 127.0.0.1 only.
   */
  readonly host: string;
  /** Where DynamoDB Local's files, events, dead letters, mail and the dev token live (DATA_DIR, default .data). */
  readonly dataDir: string;
  /** DynamoDB Local's port (DYNAMODB_PORT, default 8000; 0 picks a free one). */
  readonly dynamodbPort: number;
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number (0–65535), not "${raw}".`);
  }
  return value;
}

export function localConfig(): LocalConfig {
  return {
    port: port('PORT', 3000),
    host: process.env.HOST || '127.0.0.1',
    dataDir: resolve(process.env.DATA_DIR || '.data'),
    dynamodbPort: port('DYNAMODB_PORT', 8000),
  };
}

/** Where the local gateway keeps uploaded files (UPLOADS_DIR). */
export const uploadsDir = (dataDir: string) => join(dataDir, 'uploads');

/** How a URL names the API's address (`localhost` when it listens on every address). */
export const urlHost = (host: string) =>
  host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

/**
 * What every handler finds in its environment locally (as Lambda would give it): the table, DynamoDB Local,
 * credentials DynamoDB Local accepts, log settings, the local mailbox and the upload directory. Read by the
 * handlers' modules when first imported, so set before importing any.
 */
export function handlerEnvironment(options: {
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  readonly dataDir: string;
  /**
   * The running API's base URL, which upload URLs point at (UPLOADS_URL). The runtime itself learns it only
   * once it listens, and sets UPLOADS_URL then; the handlers read it per call.
   */
  readonly apiUrl?: string;
}): Record<string, string> {
  return {
    TABLE_NAME: options.tableName,
    DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
    AWS_REGION: process.env.AWS_REGION || 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID || 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY || 'local',
    POWERTOOLS_SERVICE_NAME: 'clientele',
    POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL || process.env.POWERTOOLS_LOG_LEVEL || 'WARN',
    MAIL_DIR: join(options.dataDir, 'mail'),
    REPORTS_DIR: join(options.dataDir, 'reports'),
    // The local gateway stands in for the uploads bucket: it writes here what is PUT to the URLs signed with
    // UPLOADS_SECRET (functions/bulk/upload-signature.ts).
    UPLOADS_DIR: uploadsDir(options.dataDir),
    UPLOADS_SECRET: uploadSecret(options.dataDir),
    ...(options.apiUrl === undefined ? {} : { UPLOADS_URL: options.apiUrl }),
    MAIL_FROM: process.env.MAIL_FROM || 'Clientele <clientele@localhost>',
    // One process sends locally, and a restart takes longer than this: a claim left by a killed runtime has
    // always run out when the next start resumes its delivery.
    MAIL_LEASE_SECONDS: process.env.MAIL_LEASE_SECONDS || '5',
  };
}
