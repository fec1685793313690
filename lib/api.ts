// The HTTP edge: a REST API built from the declared routes (one Lambda per handler, Cognito on every
// `user` route), a stage with throttling, JSON access logs and tracing, and a WAF web ACL in front of it
// (with a per-IP rate rule for every route that declares a rate limit).
import { NestedStack, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  type MethodDeploymentOptions,
  MethodLoggingLevel,
  MockIntegration,
  PassthroughBehavior,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { functionName, methodsByPath, type RouteDeclaration } from '../functions/platform/declarations.ts';
import { bindTable, ClienteleFunction } from './function.ts';
import type { Reports } from './reports.ts';
import type { Uploads } from './uploads.ts';

export const STAGE_NAME = 'v1';

/** Default throttling of every method of the stage (API Gateway applies it to each method separately). */
export const STAGE_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** The window a route's WAF rate rule counts over: one minute, so the WAF limit is the declared perMinute. */
export const RATE_WINDOW_SECONDS = 60;
/** The smallest limit WAF accepts on a rate-based rule. */
const WAF_MIN_RATE_LIMIT = 10;
/**
 * A rate-limited route's method throttle is a ceiling for all its clients together (API Gateway throttles
 * per method, not per address): room for this many addresses at their full per-IP rate at once, so one
 * address that stays under its WAF limit cannot use up the route for everybody else.
 */
const ROUTE_CEILING_ADDRESSES = 10;

/** Key of the web ACL's custom response body for rate-limited requests. */
export const TOO_MANY_REQUESTS_BODY = 'TooManyRequests';

/**
 * `create-account` → `CreateAccount`, `/surveys/{token}` → `SurveysToken`, for construct ids and WAF rule
 * and metric names (letters and digits only: WAF refuses a rule name with a `}` in it).
 */
export const pascalCase = (name: string) =>
  name
    .replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_match, _separator, letter: string) => letter.toUpperCase())
    .replace(/[^a-zA-Z0-9]/g, '');

/** `POST /forms/{id}/submissions` → `PostFormsIdSubmissions`, for rule and metric names. */
export const routeId = (route: Pick<RouteDeclaration, 'method' | 'path'>) =>
  `${pascalCase(route.method.toLowerCase())}${pascalCase(route.path)}`;

/**
 * What WAF's rate rule matches a route's URI path with, after URL-decoding and path normalisation. WAF sees
 * the path with the stage in front (`/v1/forms/…` on the execute-api host); without it too, for a custom
 * domain mapped to the stage. A path parameter matches anything non-empty, `/` included: an encoded slash
 * decodes to one, and API Gateway has no other route such a path could reach.
 */
export const wafPathPattern = (path: string) => {
  const source = path
    .split('/')
    .map((segment) =>
      /^\{\w+\+\}$/.test(segment)
        ? '.+'
        : /^\{\w+\}$/.test(segment)
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return `^(/${STAGE_NAME})?${source}/?$`;
};

/** Path parameters of a resource path: `/accounts/{id}/contacts` → `['id']`. */
export const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] ?? '');

export interface ApiProps {
  readonly table: ITableV2;
  /** The report files' bucket, for the routes that read reports. */
  readonly reports?: Reports;
  /** The uploads bucket, for the routes that sign upload URLs or read uploaded files. */
  readonly uploads?: Uploads;
  readonly userPool: IUserPool;
  readonly routes: readonly RouteDeclaration[];
  /** Record-level visibility as JSON (VISIBILITY), for the members' routes. */
  readonly visibility?: string;
}

/**
 * [response type, status (undefined: keep API Gateway's), error code, message (a JSON string literal or a
 * $context variable that renders as one)].
 */
const GATEWAY_ERRORS: readonly (readonly [ResponseType, string | undefined, string, string])[] = [
  [ResponseType.UNAUTHORIZED, '401', 'Unauthorized', '"A valid bearer token is required."'],
  [ResponseType.ACCESS_DENIED, '403', 'Forbidden', '"Not allowed."'],
  [ResponseType.WAF_FILTERED, '403', 'Forbidden', '"The request was blocked."'],
  // API Gateway says "Missing Authentication Token" for a path or method it does not know.
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, '404', 'NotFound', '"No route for this method and path."'],
  [ResponseType.REQUEST_TOO_LARGE, '413', 'PayloadTooLarge', '"The request body is too large."'],
  [ResponseType.THROTTLED, '429', 'TooManyRequests', '"Too many requests; retry later."'],
  [ResponseType.DEFAULT_4XX, undefined, 'ClientError', '$context.error.messageString'],
  [ResponseType.DEFAULT_5XX, undefined, 'InternalError', '"Something went wrong on our side."'],
];

type RateLimitedRoute = RouteDeclaration & { readonly rateLimit: NonNullable<RouteDeclaration['rateLimit']> };

const isRateLimited = (route: RouteDeclaration): route is RateLimitedRoute => route.rateLimit !== undefined;

/** WAF's answer to a request over a rate limit: 429 in the API's error shape, retry after the window. */
const tooManyRequests = (windowSeconds: number): CfnWebACL.RuleActionProperty => ({
  block: {
    customResponse: {
      responseCode: 429,
      customResponseBodyKey: TOO_MANY_REQUESTS_BODY,
      responseHeaders: [{ name: 'Retry-After', value: String(windowSeconds) }],
    },
  },
});

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/** Per client IP, on that method and path only; the web ACL's custom 429 when over. */
function routeRateRule(route: RateLimitedRoute): Omit<CfnWebACL.RuleProperty, 'priority'> {
  const name = `RateLimit${routeId(route)}`;
  return {
    name,
    action: tooManyRequests(RATE_WINDOW_SECONDS),
    statement: {
      rateBasedStatement: {
        aggregateKeyType: 'IP',
        evaluationWindowSec: RATE_WINDOW_SECONDS,
        limit: Math.max(
          WAF_MIN_RATE_LIMIT,
          Math.ceil((route.rateLimit.perMinute * RATE_WINDOW_SECONDS) / 60),
        ),
        scopeDownStatement: {
          andStatement: {
            statements: [
              {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: route.method,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
              {
                regexMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  regexString: wafPathPattern(route.path),
                  textTransformations: [
                    { priority: 0, type: 'URL_DECODE' },
                    { priority: 1, type: 'NORMALIZE_PATH' },
                  ],
                },
              },
            ],
          },
        },
      },
    },
    visibilityConfig: visibility(name),
  };
}

/** Stage and method settings alike: metrics, error logging, no request/response bodies in the logs. */
const METHOD_MONITORING = {
  metricsEnabled: true,
  loggingLevel: MethodLoggingLevel.ERROR,
  dataTraceEnabled: false,
} as const satisfies MethodDeploymentOptions;

/** The method throttle of a rate-limited route: `/forms/{id}/submissions/POST` → its stage method setting. */
function routeThrottle(route: RateLimitedRoute): MethodDeploymentOptions {
  return {
    throttlingRateLimit: Math.min(
      STAGE_THROTTLE.rateLimit,
      (route.rateLimit.perMinute / 60) * ROUTE_CEILING_ADDRESSES,
    ),
    throttlingBurstLimit: Math.min(
      STAGE_THROTTLE.burstLimit,
      route.rateLimit.burst * ROUTE_CEILING_ADDRESSES,
    ),
    // A method's own setting replaces the stage default as a whole: logging and metrics are restated.
    ...METHOD_MONITORING,
  };
}

export class Api extends Construct {
  readonly restApi: RestApi;
  readonly webAcl: CfnWebACL;
  /** Handler name → its function (routes sharing a handler share the function). */
  readonly functions = new Map<string, ClienteleFunction>();
  /** `METHOD path` → the API Gateway method. */
  readonly methods = new Map<string, Method>();
  /**
   * Area → the nested stack its route functions are deployed in. A function is four resources (itself, its
   * role, the role's policy, its log group): kept out of this stack, whose methods, resources and invoke
   * permissions grow with every route, each template stays far below CloudFormation's 500 resources.
   */
  readonly handlerStacks = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    for (const route of props.routes) {
      // A browser sends a CORS preflight without credentials: an authorizer would refuse every one.
      if (route.method === 'OPTIONS' && route.auth !== 'public') {
        throw new Error(
          `OPTIONS ${route.path} must be declared public: CORS preflights carry no credentials.`,
        );
      }
      if (route.auth === 'user') {
        // The handler admits callers by these roles (functions/platform/access.ts); none would admit nobody.
        if (!Array.isArray(route.roles) || route.roles.length === 0) {
          throw new Error(`${route.method} ${route.path} is for signed-in users: declare its roles.`);
        }
        // …and reads the caller's membership from the table on the way in.
        if (route.table !== 'read' && route.table !== 'write') {
          throw new Error(
            `${route.method} ${route.path} is for signed-in users: it reads the team (table: read or write).`,
          );
        }
      }
    }
    const rateLimited = props.routes.filter(isRateLimited);

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.restApi = new RestApi(this, 'RestApi', {
      description: 'Clientele CRM API',
      endpointTypes: [EndpointType.REGIONAL],
      // Stage logging needs the account-level API Gateway → CloudWatch Logs role; without it a first deploy
      // to a fresh account fails. (The feature flag in cdk.json turns the default off, hence explicit.)
      cloudWatchRole: true,
      // No binaryMediaTypes: form posts (urlencoded, multipart) and HTML pages pass through the Lambda proxy
      // as text, which is what the handlers read and write.
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: STAGE_THROTTLE.rateLimit,
        throttlingBurstLimit: STAGE_THROTTLE.burstLimit,
        // Routes with a declared rate limit get their own, lower ceiling (the per-IP limit is the WAF's).
        methodOptions: Object.fromEntries(
          rateLimited.map((route) => [`${route.path}/${route.method}`, routeThrottle(route)]),
        ),
        tracingEnabled: true,
        ...METHOD_MONITORING,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            extendedRequestId: AccessLogField.contextExtendedRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            ip: AccessLogField.contextIdentitySourceIp(),
            userAgent: AccessLogField.contextIdentityUserAgent(),
            user: AccessLogField.contextAuthorizerClaims('sub'),
            httpMethod: AccessLogField.contextHttpMethod(),
            resourcePath: AccessLogField.contextResourcePath(),
            protocol: AccessLogField.contextProtocol(),
            status: AccessLogField.contextStatus(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationStatus: AccessLogField.contextIntegrationStatus(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
            errorType: AccessLogField.contextErrorResponseType(),
            errorMessage: AccessLogField.contextErrorMessageString(),
            authorizeError: AccessLogField.contextAuthorizeError(),
            waf: AccessLogField.contextWafResponseCode(),
            xrayTraceId: AccessLogField.contextXrayTraceId(),
          }),
        ),
      },
    });
    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-level role API Gateway assumes to write execution and access logs; AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it, and the log groups API Gateway creates are named by API id, unknown in advance.',
      });
    }

    // API Gateway's own refusals in the API's error shape, as the local gateway answers them.
    for (const [type, statusCode, code, message] of GATEWAY_ERRORS) {
      this.restApi.addGatewayResponse(type.responseType, {
        type,
        ...(statusCode === undefined ? {} : { statusCode }),
        templates: {
          'application/json': `{"error":{"code":"${code}","message":${message},"details":[]}}`,
        },
        ...(type === ResponseType.UNAUTHORIZED
          ? { responseHeaders: { 'WWW-Authenticate': "'Bearer'" } }
          : {}),
        // Method throttling refills every second.
        ...(type === ResponseType.THROTTLED ? { responseHeaders: { 'Retry-After': "'1'" } } : {}),
      });
    }

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: 'method.request.header.Authorization',
    });
    // Bodies are validated by each handler's zod schema, so both runtimes answer bad input identically;
    // the validator enforces the declared path parameters.
    const requestValidator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    for (const route of props.routes) {
      let fn = this.functions.get(route.handler);
      if (fn === undefined) {
        fn = new ClienteleFunction(this.handlersOf(route.handler), pascalCase(functionName(route.handler)), {
          handler: route.handler,
          description: route.summary,
        });
        bindTable(fn, props.table, route.table);
        if (route.auth === 'user' && props.visibility !== undefined) {
          fn.fn.addEnvironment('VISIBILITY', props.visibility);
        }
        if (route.reports !== undefined) {
          if (props.reports === undefined)
            throw new Error(`${route.handler} reads reports: give the Api the Reports`);
          props.reports.bind(fn, route.reports);
        }
        if (route.uploads !== undefined) {
          if (props.uploads === undefined)
            throw new Error(`${route.handler} uses uploads: give the Api the Uploads`);
          props.uploads.bind(fn, route.uploads);
        }
        Validations.of(fn.fn).acknowledge({
          id: 'Serverless-LambdaDLQ',
          reason:
            'Invoked synchronously by API Gateway (Lambda proxy integration): the caller receives the error, and a DeadLetterConfig only applies to asynchronous invocations.',
        });
        this.functions.set(route.handler, fn);
      }

      const method = this.restApi.root
        .resourceForPath(route.path)
        .addMethod(route.method, new LambdaIntegration(fn.fn, { allowTestInvoke: false }), {
          operationName: functionName(route.handler),
          requestValidator,
          requestParameters: Object.fromEntries(
            pathParameters(route.path).map((name) => [`method.request.path.${name}`, true]),
          ),
          ...(route.auth === 'user'
            ? { authorizationType: AuthorizationType.COGNITO, authorizer }
            : { authorizationType: AuthorizationType.NONE }),
        });
      if (route.auth === 'public') {
        const reason = `${route.method} ${route.path} is declared public in its area's routes.ts (${route.summary}); it stays behind the WAF web ACL and the stage throttling.`;
        Validations.of(method).acknowledge(
          { id: 'AwsSolutions-APIG4', reason },
          { id: 'AwsSolutions-COG4', reason },
        );
      }
      this.methods.set(`${route.method} ${route.path}`, method);
    }

    // A method a path does not serve: 405 naming those it does (Allow), as the local gateway answers — from
    // a mock integration, reaching no function.
    for (const [path, methods] of methodsByPath(props.routes)) {
      const allow = methods.join(', ');
      const body = JSON.stringify({
        error: { code: 'MethodNotAllowed', message: `Only ${allow} is served at ${path}.`, details: [] },
      });
      const notAllowed = this.restApi.root.resourceForPath(path).addMethod(
        'ANY',
        new MockIntegration({
          // A mock answers the status its request template names (none: a 500), and a request without a
          // Content-Type is taken as JSON; another media type than these is refused with 415 before the mock.
          requestTemplates: Object.fromEntries(
            [
              'application/json',
              'application/x-www-form-urlencoded',
              'multipart/form-data',
              'text/plain',
            ].map((type) => [type, '{"statusCode": 405}']),
          ),
          passthroughBehavior: PassthroughBehavior.NEVER,
          integrationResponses: [
            {
              statusCode: '405',
              responseParameters: { 'method.response.header.Allow': `'${allow}'` },
              responseTemplates: { 'application/json': body },
            },
          ],
        }),
        {
          operationName: `notAllowed ${path}`,
          authorizationType: AuthorizationType.NONE,
          methodResponses: [
            { statusCode: '405', responseParameters: { 'method.response.header.Allow': true } },
          ],
        },
      );
      const reason = `The catch-all of ${path}: it answers 405 with Allow from a mock integration, reaching no function or data; every served method of the path keeps its own authorization.`;
      Validations.of(notAllowed).acknowledge(
        { id: 'AwsSolutions-APIG4', reason },
        { id: 'AwsSolutions-COG4', reason },
      );
    }

    const rules: Omit<CfnWebACL.RuleProperty, 'priority'>[] = [
      {
        // First: the cheapest rule turns a flood away before the managed rule groups inspect it.
        // Generous per address: a whole office often shares one NAT address.
        name: 'RateLimitPerIp',
        action: tooManyRequests(300),
        statement: {
          rateBasedStatement: { aggregateKeyType: 'IP', limit: 2000, evaluationWindowSec: 300 },
        },
        visibilityConfig: visibility('RateLimitPerIp'),
      },
      // The declared per-route limits (public form posts), per address as in the local gateway.
      ...rateLimited.map(routeRateRule),
      {
        name: 'AWSManagedRulesCommonRuleSet',
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: 'AWSManagedRulesCommonRuleSet',
            // The rule blocks bodies over 8 KB; the API accepts up to 64 KB and enforces that itself.
            ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
          },
        },
        visibilityConfig: visibility('AWSManagedRulesCommonRuleSet'),
      },
      {
        name: 'AWSManagedRulesKnownBadInputsRuleSet',
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
        },
        visibilityConfig: visibility('AWSManagedRulesKnownBadInputsRuleSet'),
      },
    ];
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description:
        'Clientele API: AWS managed common and known-bad-input rules, a per-IP rate limit, per-route limits',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('ClienteleApi'),
      // WAF answers rate-limited requests itself (its custom responses take precedence over gateway
      // responses), so the body is the API's error shape here, as the local gateway answers it.
      customResponseBodies: {
        [TOO_MANY_REQUESTS_BODY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: {
              code: 'TooManyRequests',
              message: 'Too many requests from this address; retry later.',
              details: [],
            },
          }),
        },
      },
      rules: rules.map((rule, priority) => ({ ...rule, priority })),
    });
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }

  /** The nested stack of the area a handler belongs to (`accounts/handlers/get-account` → accounts). */
  private handlersOf(handler: string): NestedStack {
    const area = handler.split('/')[0] ?? handler;
    let stack = this.handlerStacks.get(area);
    if (stack === undefined) {
      stack = new NestedStack(this, `${pascalCase(area)}Handlers`, {
        description: `Clientele API: the ${area} area's route functions`,
      });
      this.handlerStacks.set(area, stack);
    }
    return stack;
  }
}
