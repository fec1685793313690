// npm run token -- --role <admin|sales|service> --sub <user> [--ttl <seconds>] [--email <address>]
// Mints a token the running local runtime (same DATA_DIR) accepts.
import { parseArgs } from 'node:util';
import { mintToken, ROLES, signingSecret } from './auth.ts';
import { localConfig } from './config.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true, default: ['admin'] },
    sub: { type: 'string', default: 'dev-admin' },
    ttl: { type: 'string', default: String(12 * 3600) },
    email: { type: 'string' },
  },
});

const roles = values.role ?? [];
const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
if (unknown.length > 0) {
  console.error(`Unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}.`);
  process.exit(2);
}
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
  console.error('--ttl must be a whole number of seconds.');
  process.exit(2);
}
try {
  const secret = signingSecret(localConfig().dataDir, false);
  console.log(
    await mintToken(secret, { sub: values.sub ?? 'dev-admin', roles, ttlSeconds, email: values.email }),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
