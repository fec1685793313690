// GET /health → 200 {"status":"ok"} only when the table is active with its stream on, and every check the
// runtime registered (the local stream poller) passes; 503 otherwise, naming what is down.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamodb } from '../../platform/clients.ts';
import { runHealthChecks } from '../../platform/health-checks.ts';
import { json, publicHttpHandler } from '../../platform/http.ts';
import { logger } from '../../platform/logger.ts';
import { TABLE_NAME } from '../../platform/table-name.ts';
import * as routes from '../operations.ts';

async function tableIsReady(): Promise<boolean> {
  try {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    return Table?.TableStatus === 'ACTIVE' && Table.StreamSpecification?.StreamEnabled === true;
  } catch (error) {
    logger.warn('table check failed', { error: error as Error });
    return false;
  }
}

export const handler = publicHttpHandler(routes.health, async () => {
  const checks = { table: await tableIsReady(), ...(await runHealthChecks()) };
  const down = Object.entries(checks)
    .filter(([, up]) => !up)
    .map(([name]) => name);
  return down.length === 0
    ? json(200, { status: 'ok' }, { 'Cache-Control': 'no-store' })
    : json(503, { status: 'unavailable', down }, { 'Cache-Control': 'no-store' });
});
