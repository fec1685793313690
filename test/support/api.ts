// Call an API handler in process with the proxy event API Gateway would send (claims as its Cognito
// authorizer passes them): `callRaw` keeps the answer as text, `call` speaks JSON both ways.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { buildProxyEvent, lambdaContext } from '../../local/proxy-event.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface RawCallOptions {
  readonly resource: string;
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** Sent as is; no content-type is added (pass it in `headers`). */
  readonly rawBody?: string;
  readonly isBase64Encoded?: boolean;
  readonly headers?: Record<string, string>;
  /** Public routes by default: no authorizer claims. */
  readonly sub?: string | null;
  /** The token's groups (default `admin`). */
  readonly groups?: readonly string[];
}

export interface RawCallResult {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Record<string, string>;
  readonly text: string;
  /** The body parsed when the answer says it is JSON, else undefined. */
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  readonly json: any;
}

/** Call a handler with exactly the body and headers given; the answer's body stays text (parsed if JSON). */
export async function callRaw(
  handler: Handler,
  method: string,
  options: RawCallOptions,
): Promise<RawCallResult> {
  const path = options.resource.replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? '');
  const sub = options.sub ?? null;
  const event = buildProxyEvent({
    method,
    resource: options.resource,
    path,
    pathParameters: options.params ?? {},
    query: new URLSearchParams(options.query ?? {}),
    headers: options.headers ?? {},
    ...(options.rawBody === undefined ? {} : { body: options.rawBody }),
    ...(options.isBase64Encoded === undefined ? {} : { isBase64Encoded: options.isBase64Encoded }),
    ...(sub === null ? {} : { claims: { sub, 'cognito:groups': (options.groups ?? ['admin']).join(',') } }),
  });
  const result = await handler(event, lambdaContext('test'));
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const isJson = (headers['content-type'] ?? '').startsWith('application/json') && result.body !== '';
  return {
    status: result.statusCode,
    headers,
    text: result.body,
    json: isJson ? JSON.parse(result.body) : undefined,
  };
}

export interface CallOptions {
  readonly resource: string;
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** The caller's user id (default `tester`, an admin member); null for no authorizer claims. */
  readonly sub?: string | null;
  /** The token's groups (default `admin`). */
  readonly groups?: readonly string[];
}

export type CallResult = RawCallResult;

/** Call a handler with a JSON body (content type set) as a signed-in user unless `sub` is null. */
export function call(handler: Handler, method: string, options: CallOptions): Promise<CallResult> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  return callRaw(handler, method, {
    resource: options.resource,
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.query === undefined ? {} : { query: options.query }),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(hasBody ? { rawBody: options.rawBody ?? JSON.stringify(options.body) } : {}),
    sub: options.sub === undefined ? 'tester' : options.sub,
    ...(options.groups === undefined ? {} : { groups: options.groups }),
  });
}
