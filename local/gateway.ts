// The local API Gateway: matches a request against the declared routes, enforces auth the way the Cognito
// authorizer does, builds the REST proxy event AWS would send, and calls the same handler.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { functionName, methodsByPath, type RouteDeclaration } from '../functions/platform/declarations.ts';
import { verifyAuthorization } from './auth.ts';
import { buildProxyEvent, lambdaContext } from './proxy-event.ts';
import { isUploadPath, type LocalUploads, serveUpload, UPLOAD_ROUTE } from './uploads.ts';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface GatewayOptions {
  readonly routes: readonly RouteDeclaration[];
  readonly handlerFor: (route: RouteDeclaration) => Promise<ApiHandler>;
  readonly secret: Uint8Array;
  readonly log: (line: string) => void;
  /** Enforce the routes' per-IP rate limits (the WAF rule's stand-in); off for load tests. */
  readonly rateLimits?: boolean;
  /** Serve `PUT /uploads/{id}` as the uploads bucket's stand-in (local/uploads.ts); without it, no uploads. */
  readonly uploads?: LocalUploads;
}

/** A token bucket per route and client address, refilled continuously. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Seconds to wait before the next request is allowed, or 0 when this one may pass. */
  take(key: string, perMinute: number, burst: number, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 60) / perMinute);
  }
}

// API Gateway's own payload limit; the handlers enforce the API's smaller one.
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: RouteDeclaration;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function compile(route: RouteDeclaration): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1] === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/**
 * The path template a URL falls on, with the methods it serves — the one with the most literal segments, as
 * API Gateway picks a resource — or undefined when no route's path matches it.
 */
function allowedAt(compiled: readonly CompiledRoute[], pathname: string) {
  const paths = [
    ...new Set(compiled.filter(({ pattern }) => pattern.test(pathname)).map(({ route }) => route.path)),
  ];
  const literals = (path: string) => path.split('/').filter((segment) => !segment.startsWith('{')).length;
  const [path] = paths.sort((a, b) => literals(b) - literals(a));
  if (path === undefined) return undefined;
  return { path, methods: methodsByPath(compiled.map(({ route }) => route)).get(path) ?? [] };
}

/** The gateway's own answers, in the API's error shape (as the stack's gateway responses are). */
function gatewayError(response: ServerResponse, status: number, code: string, message: string, headers = {}) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify({ error: { code, message, details: [] } }));
}

export function createGateway(options: GatewayOptions): Server {
  const compiled = options.routes.map(compile);
  const limiter = new RateLimiter();
  return createServer((request, response) => {
    const started = process.hrtime.bigint();
    // Logged by route template, not by URL: a path can hold a secret (a survey's token).
    const logged = { path: '(no route)' };
    handle(options, compiled, limiter, request, response, logged)
      .catch((error: unknown) => {
        options.log(
          `gateway: ${request.method} ${logged.path} failed: ${error instanceof Error ? error.stack : String(error)}`,
        );
        if (!response.headersSent) gatewayError(response, 500, 'InternalError', 'Internal server error.');
        else response.end();
      })
      .finally(() => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        options.log(`${request.method} ${logged.path} → ${response.statusCode} (${ms.toFixed(1)} ms)`);
      });
  });
}

async function handle(
  options: GatewayOptions,
  compiled: readonly CompiledRoute[],
  limiter: RateLimiter,
  request: IncomingMessage,
  response: ServerResponse,
  logged: { path: string },
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  // S3's part, not a Lambda route: the body streams to a file, past the 10 MB readBody allows.
  if (options.uploads !== undefined && isUploadPath(url.pathname)) {
    logged.path = UPLOAD_ROUTE;
    await serveUpload(options.uploads, request, response, url);
    return;
  }
  let matched: { route: RouteDeclaration; params: Record<string, string> } | undefined;
  for (const candidate of compiled) {
    const match = candidate.pattern.exec(url.pathname);
    if (match === null || candidate.route.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [index, name] of candidate.names.entries()) {
      const value = decodedSegment(match[index + 1] ?? '');
      if (value === undefined) {
        // The stack answers a client error with its DEFAULT_4XX response: code ClientError.
        gatewayError(response, 400, 'ClientError', 'The path is not valid percent-encoded UTF-8.');
        return;
      }
      params[name] = value;
    }
    matched = { route: candidate.route, params };
    break;
  }
  if (matched !== undefined) logged.path = matched.route.path;
  if (matched === undefined) {
    const allowed = allowedAt(compiled, url.pathname);
    if (allowed !== undefined) {
      request.resume();
      gatewayError(response, 405, 'MethodNotAllowed', `${method} is not served at ${allowed.path}.`, {
        Allow: allowed.methods.join(', '),
      });
      return;
    }
    gatewayError(response, 404, 'NotFound', `No route for ${method} ${url.pathname}.`);
    return;
  }
  const limit = matched.route.rateLimit;
  if (limit !== undefined && options.rateLimits !== false) {
    const wait = limiter.take(
      // Per method and path, as the WAF rule counts.
      `${matched.route.method} ${matched.route.path}|${request.socket.remoteAddress}`,
      limit.perMinute,
      limit.burst,
    );
    if (wait > 0) {
      request.resume();
      gatewayError(response, 429, 'TooManyRequests', 'Too many requests from this address; retry later.', {
        'Retry-After': String(wait),
      });
      return;
    }
  }
  const body = await readBody(request);
  if (body === undefined) {
    gatewayError(response, 413, 'PayloadTooLarge', 'The request body is too large.');
    return;
  }
  let claims: Record<string, string> | undefined;
  if (matched.route.auth === 'user') {
    claims = await verifyAuthorization(options.secret, header(request, 'authorization'));
    if (claims === undefined) {
      gatewayError(response, 401, 'Unauthorized', 'A valid bearer token is required.', {
        'WWW-Authenticate': 'Bearer',
      });
      return;
    }
  }
  const event = buildProxyEvent({
    method,
    resource: matched.route.path,
    path: url.pathname,
    pathParameters: matched.params,
    query: url.searchParams,
    headers: request.headers,
    body: body.toString('utf8'),
    claims,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
  });
  const handler = await options.handlerFor(matched.route);
  const result = await handler(event, lambdaContext(functionName(matched.route.handler)));
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name] = values.map(String);
  response.writeHead(result.statusCode, headers);
  response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

/** A path segment decoded, or undefined when it is not valid percent-encoded UTF-8 (`%E0%A4%A`, `%ZZ`). */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
