// npm start: the whole CRM on this machine. Honours PORT, HOST (default 127.0.0.1), DATA_DIR and
// DYNAMODB_PORT; Ctrl-C or SIGTERM stops everything in order (requests, then the stream, then deliveries,
// given up to 10 s, then DynamoDB Local); a second one stops at once. Data, and every delivery not yet
// made, stay under DATA_DIR for the next start.
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
  Data         ${shown(config.dataDir)}/   (dynamodb/, deliveries/ pending, events.jsonl, dead-letters.jsonl)
  Dev token    ${shown(join(config.dataDir, 'dev-token'))}   (the dev admin, a team member; others: npm run token -- --role sales)

  export TOKEN=${runtime.devToken}
  curl -s -X POST ${runtime.url}/accounts -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"Acme"}'
`);

// A handler's promise that nobody observed fails that one call, never the whole runtime: say so loudly
// (it is a bug to fix) and keep serving. Lambda's runtime would end the invocation instead.
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection (a bug; the runtime keeps running):', reason);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      console.log(`\n${signal} again: stopping now; deliveries not made are kept for the next start.`);
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping… (again to stop at once)`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
