// What the benchmarks share: an own DynamoDB Local with the table and the handlers' environment, a seeded
// generator for their data (every run builds the same), and percentiles.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handlerEnvironment } from '../local/config.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { ensureTable } from '../local/table.ts';

/**
 * A DynamoDB Local of the bench's own (in memory) with `table` made, and the environment the handlers' modules
 * read when first imported (their data under a temp directory): call before importing them.
 */
export async function benchTable(name: string, table: string) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.LOG_LEVEL ??= 'ERROR';
  const progress = (line: string) => process.stderr.write(`${name}: ${line}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), `clientele-bench-${name}-`));
  const dynamo = await startDynamoDbLocal({ port: 0 });
  Object.assign(
    process.env,
    handlerEnvironment({ tableName: table, dynamodbEndpoint: dynamo.endpoint, dataDir }),
  );
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint });
  await ensureTable(admin, table);
  admin.destroy();
  return { progress, dataDir, dynamo };
}
/** A seeded generator, so every run builds the same story. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    between: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
export type Random = ReturnType<typeof random>;

/** The value at percentile `p` (0–100) of `values`. */
export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
