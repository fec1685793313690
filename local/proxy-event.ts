// API Gateway REST proxy events, built the way API Gateway builds them, so the local gateway (and the
// tests) call handlers with exactly what AWS would send. Also a minimal Lambda context.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export interface ProxyRequest {
  readonly method: string;
  /** The declared resource path, e.g. `/accounts/{id}`. */
  readonly resource: string;
  /** The actual path, e.g. `/accounts/01J…`. */
  readonly path: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: URLSearchParams;
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly claims?: Record<string, string>;
  readonly sourceIp?: string;
  readonly stage?: string;
}

export function buildProxyEvent(request: ProxyRequest): APIGatewayProxyEvent {
  // Names are data: a header or query parameter called `constructor` or `__proto__` is one like any other,
  // never a member every object inherits (collected in maps, made own properties by Object.fromEntries).
  const headerValues = new Map<string, string[]>();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headerValues.set(name, Array.isArray(value) ? value : [value]);
  }
  const queryValues = new Map<string, string[]>();
  for (const [name, value] of request.query ?? [])
    queryValues.set(name, [...(queryValues.get(name) ?? []), value]);
  const last = (values: readonly string[]) => values[values.length - 1] ?? '';
  const lastOf = (values: Map<string, string[]>) =>
    Object.fromEntries([...values].map(([name, all]) => [name, last(all)]));
  const headers: Record<string, string> = lastOf(headerValues);
  const multiValueHeaders: Record<string, string[]> = Object.fromEntries(headerValues);
  const queryStringParameters = queryValues.size === 0 ? null : lastOf(queryValues);
  const multiValueQueryStringParameters = queryValues.size === 0 ? null : Object.fromEntries(queryValues);
  const stage = request.stage ?? 'local';
  const now = new Date();
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters:
      request.pathParameters && Object.keys(request.pathParameters).length > 0
        ? request.pathParameters
        : null,
    stageVariables: null,
    body: request.body === undefined || request.body === '' ? null : request.body,
    isBase64Encoded: request.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: request.claims === undefined ? null : { claims: request.claims },
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/${stage}${request.path}`,
      stage,
      requestId: randomUUID(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: request.resource,
    },
  };
}

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
