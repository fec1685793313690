// The HTTP edge: a REST API built from the declared routes (one Lambda per handler, Cognito on every
// `user` route), a stage with throttling, JSON access logs and tracing, and a WAF web ACL in front of it.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { bindTable, ClienteleFunction } from './function.ts';
import type { RouteDeclaration } from './routes.ts';

export const STAGE_NAME = 'v1';

/** `create-account` → `CreateAccount`, for construct ids. */
export const pascalCase = (name: string) =>
  name.replace(/(^|[-_./{}]+)([a-zA-Z0-9])/g, (_match, _separator, letter: string) => letter.toUpperCase());

/** Path parameters of a resource path: `/accounts/{id}/contacts` → `['id']`. */
export const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] ?? '');

export interface ApiProps {
  readonly table: ITableV2;
  readonly userPool: IUserPool;
  readonly routes: readonly RouteDeclaration[];
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

export class Api extends Construct {
  readonly restApi: RestApi;
  readonly webAcl: CfnWebACL;
  /** Handler name → its function (routes sharing a handler share the function). */
  readonly functions = new Map<string, ClienteleFunction>();
  /** `METHOD path` → the API Gateway method. */
  readonly methods = new Map<string, Method>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

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
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
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

    const handlers = new Construct(this, 'Handlers');
    for (const route of props.routes) {
      let fn = this.functions.get(route.handler);
      if (fn === undefined) {
        fn = new ClienteleFunction(handlers, pascalCase(route.handler), {
          handler: route.handler,
          description: route.summary,
        });
        bindTable(fn, props.table, route.table);
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
          operationName: route.handler,
          requestValidator,
          requestParameters: Object.fromEntries(
            pathParameters(route.path).map((name) => [`method.request.path.${name}`, true]),
          ),
          ...(route.auth === 'user'
            ? { authorizationType: AuthorizationType.COGNITO, authorizer }
            : { authorizationType: AuthorizationType.NONE }),
        });
      if (route.auth === 'public') {
        const reason = `${route.method} ${route.path} is declared public in lib/routes.ts (${route.summary}); it stays behind the WAF web ACL and the stage throttling.`;
        Validations.of(method).acknowledge(
          { id: 'AwsSolutions-APIG4', reason },
          { id: 'AwsSolutions-COG4', reason },
        );
      }
      this.methods.set(`${route.method} ${route.path}`, method);
    }

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Clientele API: AWS managed common and known-bad-input rules, and a per-IP rate limit',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName: 'ClienteleApi',
      },
      rules: [
        {
          // First: the cheapest rule turns a flood away before the managed rule groups inspect it.
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          // Generous per address: a whole office often shares one NAT address.
          statement: {
            rateBasedStatement: { aggregateKeyType: 'IP', limit: 2000, evaluationWindowSec: 300 },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: 'RateLimitPerIp',
          },
        },
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // The rule blocks bodies over 8 KB; the API accepts up to 64 KB and enforces that itself.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: 'AWSManagedRulesCommonRuleSet',
          },
        },
        {
          name: 'AWSManagedRulesKnownBadInputsRuleSet',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: 'AWSManagedRulesKnownBadInputsRuleSet',
          },
        },
      ],
    });
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
