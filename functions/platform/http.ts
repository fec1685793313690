// The HTTP edge every API handler goes through: body limits and content type, JSON parsing, one schema per
// payload (query, path, body), the caller's identity from the authorizer, and errors → responses in one place.
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { $ZodError, $ZodType, output } from 'zod/v4/core';
import { admit, type Caller, refuseByToken } from './access.ts';
import { actingAs } from './actor.ts';
import type { PublicRouteDeclaration, RouteDeclaration, UserRouteDeclaration } from './declarations.ts';
import { DomainError, type ErrorDetail, type ErrorKind, Invalid, Moved } from './errors.ts';
import { Forbidden, HttpError, PayloadTooLarge, Unauthorized, UnsupportedMediaType } from './http-errors.ts';
import { headerOf, isJsonMediaType, pagePolicy } from './http-headers.ts';
import { logger } from './logger.ts';
import { membershipOf } from './membership.ts';
import type { IdempotencyRequest } from './store.ts';
import * as z from './zod.ts';

export { headerOf, isJsonMediaType, pagePolicy };

export const MAX_BODY_BYTES = 64 * 1024;

type Infer<S> = S extends $ZodType ? output<S> : undefined;
type Field<R, K extends string> = R extends { readonly [key in K]: infer S } ? Infer<S> : undefined;

export interface HttpRequest<R extends RouteDeclaration> {
  /** The JSON body, parsed by the route's schema; undefined where the route reads other media (`bodyTypes`). */
  readonly body: R extends { readonly bodyTypes: readonly string[] } ? undefined : Field<R, 'body'>;
  readonly query: Field<R, 'query'>;
  readonly params: Field<R, 'params'>;
  /** The version the caller read (`If-Match: "3"`), on routes that declare the header. */
  readonly ifMatch: number | undefined;
  readonly event: APIGatewayProxyEvent;
  header(name: string): string | undefined;
}

/** A request to a members' route: the caller has been admitted, and is known. */
export interface MemberRequest<R extends UserRouteDeclaration> extends HttpRequest<R> {
  readonly principal: Caller;
}

export interface HttpResponse {
  readonly statusCode: number;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is (HTML pages); the Content-Type comes from `headers`. */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' } as const;

/** A list with nothing in it. */
export const EMPTY_PAGE = { items: [], nextCursor: null } as const;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, body, headers };
}

/** A versioned record as JSON, with its version as the ETag (what a later If-Match sends back). */
export function versioned(
  statusCode: number,
  record: { readonly version: number },
  headers: Record<string, string> = {},
): HttpResponse {
  return json(statusCode, record, { ...headers, ETag: `"${record.version}"` });
}

/**
 * A record just created: 201 with its Location (and its version as the ETag, where it has one); a replay of
 * the same request (the same Idempotency-Key and content) says so.
 */
export function created(
  record: unknown,
  location: string,
  replayed: boolean,
  version?: number,
): HttpResponse {
  return json(201, record, {
    Location: location,
    ...(version === undefined ? {} : { ETag: `"${version}"` }),
    ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
  });
}

export function html(statusCode: number, page: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    text: page,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': pagePolicy(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      ...headers,
    },
  };
}

/** The request body as text (decoded if API Gateway sent it base64), refused past `limitBytes`. */
export function readText(event: APIGatewayProxyEvent, limitBytes: number): string {
  const raw = event.body ?? '';
  if (Buffer.byteLength(raw, 'utf8') > limitBytes * 2) throw new PayloadTooLarge(limitBytes);
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > limitBytes) throw new PayloadTooLarge(limitBytes);
  return text;
}

/**
 * A members' route: the caller is admitted by the route's roles (platform/access.ts) before anything else is
 * read — no token 401, not allowed 403 — then the request is parsed by the route's own schemas.
 */
export function httpHandler<R extends UserRouteDeclaration>(
  route: R,
  fn: (request: MemberRequest<R>) => Promise<HttpResponse>,
) {
  return edge(async (event) => {
    const principal = await admitted(route, event);
    // Every write of the request records the member who made it.
    return actingAs(principal.memberId, () => fn({ ...parseRequest(route, event), principal }));
  });
}

/** A public route: nobody is asked who they are. */
export function publicHttpHandler<R extends PublicRouteDeclaration>(
  route: R,
  fn: (request: HttpRequest<R>) => Promise<HttpResponse>,
) {
  return edge((event) => actingAs('public', () => fn(parseRequest(route, event))));
}

function edge(serve: (event: APIGatewayProxyEvent) => Promise<HttpResponse>) {
  const base = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    toResult(await serve(event));
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(lambdaContextInLogs())
    .use(errorResponses())
    .handler(base);
}

function parseRequest<R extends RouteDeclaration>(route: R, event: APIGatewayProxyEvent): HttpRequest<R> {
  return {
    params: parseWith(route.params, event.pathParameters ?? {}, 'path'),
    query: parseWith(route.query, event.queryStringParameters ?? {}, 'query'),
    // A route that takes form posts as well (bodyTypes) reads its body itself.
    body:
      route.body === undefined || route.bodyTypes !== undefined
        ? undefined
        : parseWith(route.body, readJsonBody(event), 'body'),
    // After the body: a bad body is refused for itself first, whatever the If-Match says.
    ifMatch: route.headers?.includes('If-Match') ? parseIfMatch(headerOf(event, 'if-match')) : undefined,
    event,
    header: (name: string) => headerOf(event, name),
  } as HttpRequest<R>;
}

/** The caller, admitted to `route` by the token's claims and their membership of the team; else 401/403. */
async function admitted(route: UserRouteDeclaration, event: APIGatewayProxyEvent): Promise<Caller> {
  const claims = claimsOf(event);
  if (claims === undefined) throw new Unauthorized();
  // The refusals the token alone decides cost no read of the table.
  const refused = refuseByToken(claims.groups, route.roles);
  if (refused !== undefined) throw refused;
  const decision = admit(claims.sub, claims.groups, await membershipOf(claims.sub), route.roles);
  if (decision instanceof Forbidden) throw decision;
  logger.appendKeys({ memberId: decision.memberId });
  return decision;
}

/**
 * The Lambda context (request id, function, cold start) in every log line of the request, and nothing the
 * request appended left for the next one — what Powertools' injectLambdaContext does with `resetKeys`, without
 * the middleware module in every bundle.
 */
function lambdaContextInLogs(): middy.MiddlewareObj<
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Error,
  Context
> {
  // (No log buffer to clear: the logger is not configured to buffer.)
  const reset = () => logger.resetKeys();
  return {
    before: (request) => {
      logger.refreshSampleRateCalculation();
      logger.addContext(request.context);
    },
    after: reset,
    onError: reset,
  };
}

function toResult(response: HttpResponse): APIGatewayProxyResult {
  if (response.text !== undefined) {
    return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.text };
  }
  if (response.body === undefined) {
    return { statusCode: response.statusCode, headers: { ...response.headers }, body: '' };
  }
  return {
    statusCode: response.statusCode,
    headers: { ...JSON_HEADERS, ...response.headers },
    body: JSON.stringify(response.body),
  };
}

function readJsonBody(event: APIGatewayProxyEvent): unknown {
  const text = readText(event, MAX_BODY_BYTES);
  const contentType = headerOf(event, 'content-type');
  if (text.trim() === '' && contentType === undefined) {
    throw new Invalid([{ path: 'body', message: 'A JSON body is required.' }]);
  }
  if (!isJsonMediaType(contentType)) throw new UnsupportedMediaType('application/json');
  if (text.trim() === '') {
    throw new Invalid([{ path: 'body', message: 'A JSON body is required.' }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unreadable';
    throw new Invalid([{ path: 'body', message: `Malformed JSON: ${reason.slice(0, 200)}` }]);
  }
  const reserved = prototypeKeys(parsed);
  if (reserved.length > 0) {
    throw new Invalid(
      reserved.map((path) => ({
        path,
        message: 'Reserved: every JavaScript object has a member of that name.',
      })),
    );
  }
  return parsed;
}

/**
 * The paths of the `__proto__` keys of a parsed JSON body. The schemas would drop such a key of a map without
 * a word (zod leaves it out, so no prototype changes), so it is refused by name instead, wherever it sits.
 * Walked without recursion: a 64 KB body can nest deeper than the stack.
 */
function prototypeKeys(body: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    for (const [key, value] of Object.entries(next.value)) {
      const path = next.path === '' ? key : `${next.path}.${key}`;
      if (key === '__proto__') found.push(path);
      else pending.push({ value, path });
    }
  }
  return found.sort();
}

function parseWith<S extends $ZodType | undefined>(schema: S, input: unknown, where: string): Infer<S> {
  if (schema === undefined) return undefined as Infer<S>;
  const result = z.safeParse(schema, input);
  if (!result.success) throw new Invalid(toDetails(result.error, where));
  return result.data as Infer<S>;
}

/** One detail per offending field, its path in dots (`billing.monthlyFee`, `query.limit`, `path.id`). */
export function toDetails(error: $ZodError, where: string): ErrorDetail[] {
  const pathOf = (parts: readonly PropertyKey[]) =>
    [where === 'body' ? '' : where, ...parts.map(String)].filter((part) => part !== '').join('.') || where;
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'Unknown field.' }));
    }
    // A refused key of a map: what is wrong with it, not only that something is.
    if (issue.code === 'invalid_key') {
      return issue.issues.map((inner) => ({ path: pathOf(issue.path), message: inner.message }));
    }
    return [{ path: pathOf(issue.path), message: issue.message }];
  });
}

/** The verified token's subject and groups, as the authorizer (Cognito, or the local gateway) passed them. */
function claimsOf(event: APIGatewayProxyEvent): { sub: string; groups: string[] } | undefined {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { sub, 'cognito:groups': groups } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '') return undefined;
  return { sub, groups: parseGroups(groups) };
}

// API Gateway hands Cognito groups to the handler as a string ("admin" or "[admin, sales]"), locally as either.
function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  if (typeof value !== 'string' || value === '') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter((group) => group !== '');
}

/** What each kind of domain error is on the wire: decided here, once. */
const STATUS_OF: Readonly<Record<ErrorKind, readonly [statusCode: number, code: string]>> = {
  invalid: [400, 'ValidationFailed'],
  'not-found': [404, 'NotFound'],
  conflict: [409, 'Conflict'],
  stale: [412, 'PreconditionFailed'],
  refused: [422, 'UnprocessableEntity'],
  moved: [301, 'MovedPermanently'],
};

/** The HTTP refusal a domain error stands for; other errors pass through unchanged. */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const [statusCode, code] = STATUS_OF[error.kind];
  if (error instanceof Moved) {
    return new HttpError(
      statusCode,
      code,
      error.message,
      [],
      { Location: error.location },
      {
        mergedInto: error.mergedInto,
      },
    );
  }
  return new HttpError(statusCode, code, error.message, error.details);
}

function errorResponses(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> {
  return {
    onError: async (request) => {
      const error = toHttpError(request.error);
      if (error instanceof HttpError) {
        // Every refusal is a 4xx (or a 301 to where a merged record went): logged as the caller's, not ours.
        logger.info('request rejected', { statusCode: error.statusCode, code: error.code });
        request.response = toResult(
          json(
            error.statusCode,
            { error: { code: error.code, message: error.message, details: error.details, ...error.extra } },
            { ...error.headers },
          ),
        );
        return;
      }
      logger.error('unhandled error', { error: request.error ?? undefined });
      request.response = toResult(
        json(500, {
          error: {
            code: 'InternalError',
            message: 'Something went wrong on our side. Quote the request id when you report it.',
            details: [],
            requestId: request.context.awsRequestId,
          },
        }),
      );
    },
  };
}

/** Parse an If-Match header: `3`, `"3"` or `W/"3"`. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  // The quotes come in pairs or not at all: `"3` is no entity tag.
  const match = /^(?:W\/)?(?:"(\d{1,12})"|(\d{1,12}))$/.exec(header.trim());
  const version = match?.[1] ?? match?.[2];
  if (version === undefined) {
    throw new Invalid([{ path: 'header.If-Match', message: 'Must be the version number, e.g. "3".' }]);
  }
  return Number(version);
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The idempotency request of a create: the caller's key (if any) for this route and this content — the same
 * key from another user or for another route is another request.
 */
export function idempotencyOf(
  caller: Caller,
  header: string | undefined,
  route: string,
  payload: unknown,
): IdempotencyRequest | undefined {
  const key = readIdempotencyKey(header);
  return key === undefined ? undefined : { key, scope: `${caller.sub}|${route}`, payload };
}

/** The Idempotency-Key header, checked: 1–255 visible ASCII characters. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header)) {
    throw new Invalid([
      { path: 'header.Idempotency-Key', message: 'Must be 1–255 visible ASCII characters.' },
    ]);
  }
  return header;
}
