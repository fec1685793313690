// npm start: the whole CRM on this machine. Honours PORT, HOST (default 127.0.0.1), DATA_DIR and
// DYNAMODB_PORT; Ctrl-C or SIGTERM stops everything, DynamoDB Local included; data stays under DATA_DIR for
// the next start.
import { join, relative } from 'node:path';
import { localConfig } from './config.ts';
import { MissingJava } from './dynamodb.ts';
import { startRuntime } from './runtime.ts';

const config = localConfig();
let runtime: Awaited<ReturnType<typeof startRuntime>>;
try {
  runtime = await startRuntime(config);
} catch (error) {
  if (error instanceof MissingJava) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const shown = (path: string) => {
  const near = relative(process.cwd(), path) || '.';
  return near.startsWith('..') ? path : near;
};
console.log(`
Clientele is running.
  API          ${runtime.url}   (GET ${runtime.url}/health, ${runtime.url}/openapi.json)
  DynamoDB     ${runtime.dynamodbEndpoint}   (DynamoDB Local, table "clientele")
  Data         ${shown(config.dataDir)}/   (events.jsonl, dead-letters.jsonl, dynamodb/)
  Dev token    ${shown(join(config.dataDir, 'dev-token'))}   (the dev admin, a team member; others: npm run token -- --role sales)

  export TOKEN=${runtime.devToken}
  curl -s -X POST ${runtime.url}/accounts -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"Acme"}'
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
