// Local stand-in for the Cognito user-pool authorizer: HS256 tokens signed with a per-data-directory secret,
// carrying the claims a Cognito ID token carries (sub, cognito:groups, cognito:username, token_use).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'clientele-local';
const AUDIENCE = 'clientele-local';

export const ROLES = ['admin', 'sales', 'service'] as const;

/** The signing secret of a data directory, created on first use. */
export function signingSecret(dataDir: string, create: boolean): Uint8Array {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    if (!create) {
      throw new Error(
        `No local signing secret in ${dataDir}: start the local runtime once (npm start) with DATA_DIR=${dataDir}.`,
      );
    }
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

/**
 * The key that signs local upload URLs (UPLOADS_SECRET, hex), one per data directory and made on first use:
 * the runtime's gateway verifies with it what the handlers, and the commands attached to it, sign.
 */
export function uploadSecret(dataDir: string): string {
  const file = join(dataDir, 'upload-secret');
  mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': of two processes making it at once, one writes and both read what it wrote.
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

export async function mintToken(
  secret: Uint8Array,
  {
    sub,
    roles,
    ttlSeconds = 12 * 3600,
    email,
  }: { sub: string; roles: readonly string[]; ttlSeconds?: number; email?: string },
): Promise<string> {
  return new SignJWT({
    'cognito:groups': [...roles],
    'cognito:username': sub,
    token_use: 'id',
    ...(email === undefined ? {} : { email }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secret);
}

/**
 * Verify `Authorization: Bearer <token>` and return the claims as API Gateway hands them to a handler
 * (every value a string; groups comma-separated), or undefined when the token is missing or invalid.
 */
export async function verifyAuthorization(
  secret: Uint8Array,
  header: string | undefined,
): Promise<Record<string, string> | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];
  if (token === undefined) return undefined;
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      // As Cognito's tokens always have them: a token without an expiry or a subject is not one.
      requiredClaims: ['exp', 'sub'],
    });
    if (payload.token_use !== 'id' || typeof payload.sub !== 'string' || payload.sub.trim() === '') {
      return undefined;
    }
    const claims: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload)) {
      claims[name] = Array.isArray(value) ? value.join(',') : String(value);
    }
    return claims;
  } catch {
    // An invalid token is an answer (401), not a failure of the gateway.
    return undefined;
  }
}
