// Call an API handler in process with the proxy event API Gateway would send (claims as its Cognito
// authorizer passes them), and read the answer as JSON.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { buildProxyEvent, lambdaContext } from '../../local/proxy-event.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface CallOptions {
  readonly resource: string;
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly sub?: string | null;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  readonly json: any;
}

export async function call(handler: Handler, method: string, options: CallOptions): Promise<CallResult> {
  const path = options.resource.replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? '');
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const event = buildProxyEvent({
    method,
    resource: options.resource,
    path,
    pathParameters: options.params ?? {},
    query: new URLSearchParams(options.query ?? {}),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    claims: options.sub === null ? undefined : { sub: options.sub ?? 'tester', 'cognito:groups': 'admin' },
  });
  const result = await handler(event, lambdaContext('test'));
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return {
    status: result.statusCode,
    headers,
    json: result.body === '' ? undefined : JSON.parse(result.body),
  };
}
