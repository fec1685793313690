// The local runtime's settings, shared by `npm start` and every CLI so they all find the same data.
import { resolve } from 'node:path';

export interface LocalConfig {
  /** HTTP port of the API (PORT, default 3000; 0 picks a free one). */
  readonly port: number;
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
    dataDir: resolve(process.env.DATA_DIR || '.data'),
    dynamodbPort: port('DYNAMODB_PORT', 8000),
  };
}
