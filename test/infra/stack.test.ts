// The synthesised template, property by property: the table's safety settings, auth on exactly the `user`
// routes, retry + dead-letter on every asynchronous hop (and the failure handler reading the rules' dead
// letters), the house Lambda defaults, the stage and its WAF (per-route rate rules), mail through SES.
// Bundling is skipped (the template is the same apart from asset hashes).

import { isDeepStrictEqual } from 'node:util';
import type { CfnElement, NestedStack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/app/routes.ts';
import { RULES } from '../../functions/app/rules.ts';
import { SCHEDULES } from '../../functions/app/schedules.ts';
import { FAILURE_HANDLER, REDRIVE_HANDLER } from '../../functions/events/declarations.ts';
import {
  EVENT_SOURCE,
  functionName,
  methodsByPath,
  type RouteDeclaration,
  type RuleDeclaration,
  type ScheduleDeclaration,
} from '../../functions/platform/declarations.ts';
import { TABLE } from '../../functions/platform/table.ts';
import { STAGE_NAME } from '../../lib/api.ts';
import { buildApp } from '../../lib/app.ts';
import { DEFAULT_MAIL_FROM } from '../../lib/clientele-stack.ts';
import { DEFAULT_ARCHIVE_DAYS, MAIL_HANDLER } from '../../lib/events.ts';

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

// While SCHEDULES is empty, one stand-in declaration exercises the schedule loop.
const STAND_IN_SCHEDULE: ScheduleDeclaration = {
  name: 'StandInDaily',
  description: 'Stand-in schedule for the infra test',
  expression: 'cron(0 6 * * ? *)',
  handler: RULES[0]?.handler ?? 'health',
};
const schedules = SCHEDULES.length > 0 ? SCHEDULES : [STAND_IN_SCHEDULE];

const { stack } = buildApp({ bundling: false, schedules });

const props = (resource: CfnResource) => resource.Properties ?? {};
const ref = (logicalId: string) => ({ Ref: logicalId });
const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
/** Logical ids a value references through Ref or Fn::GetAtt, anywhere inside it. */
const referencedIds = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return [record.Ref];
  const getAttValue = record['Fn::GetAtt'];
  if (Array.isArray(getAttValue) && typeof getAttValue[0] === 'string') return [getAttValue[0]];
  return Object.values(record).flatMap(referencedIds);
};

/**
 * One synthesised template and the lookups the assertions make in it. `passedIn` is what the parent gives
 * a nested stack's parameters, so `inParent` can say what a value refers to in the parent's template.
 */
function inspect(template: Template, passedIn: Record<string, unknown> = {}) {
  const json = template.toJSON() as {
    Resources: Record<string, CfnResource>;
    Parameters?: Record<string, unknown>;
    Outputs?: Record<string, { Value: unknown }>;
  };
  const resources = json.Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const only = (type: string): [string, CfnResource] => {
    const found = ofType(type);
    expect(found, `exactly one ${type}`).toHaveLength(1);
    return found[0] as [string, CfnResource];
  };
  const typeOf = (logicalId: string) => resources[logicalId]?.Type;
  /** The function whose execution role the wrapper described as the role of `handler`. */
  const functionWithHandler = (handler: string): [string, CfnResource] => {
    const roleIds = ofType('AWS::IAM::Role')
      .filter(
        ([, role]) => props(role).Description === `Execution role of the ${functionName(handler)} function`,
      )
      .map(([roleId]) => roleId);
    const found = ofType('AWS::Lambda::Function').filter(([, fn]) =>
      referencedIds(props(fn).Role).some((roleId) => roleIds.includes(roleId)),
    );
    expect(found, `one function runs ${handler}`).toHaveLength(1);
    return found[0] as [string, CfnResource];
  };
  /** Every statement of the IAM policies attached to a function's role. */
  const statementsOf = (fn: CfnResource) => {
    const roleId = referencedIds(props(fn).Role)[0] ?? '';
    return ofType('AWS::IAM::Policy')
      .filter(([, policy]) => referencedIds(props(policy).Roles).includes(roleId))
      .flatMap(
        ([, policy]) => (props(policy).PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
  };
  /** A value with every reference to one of the template's parameters replaced by what the parent passes. */
  const inParent = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inParent);
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string' && record.Ref in passedIn) return passedIn[record.Ref];
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, inParent(inner)]));
  };
  return { template, json, resources, ofType, only, typeOf, functionWithHandler, statementsOf, inParent };
}

const parent = inspect(Template.fromStack(stack));
/** A nested stack's resource in the parent, by its logical id. */
const nestedResource = (nested: NestedStack): [string, CfnResource] => {
  const id = stack.getLogicalId(nested.nestedStackResource as CfnElement);
  return [id, parent.resources[id] as CfnResource];
};
const [backboneStackId, backboneStack] = nestedResource(stack.eventsStack);
const backbone = inspect(
  Template.fromStack(stack.eventsStack),
  props(backboneStack).Parameters as Record<string, unknown>,
);
/** The API's route functions, one nested stack per area: its logical id in the parent and its template. */
const handlerStacks = [...stack.api.handlerStacks].map(([area, nested]) => {
  const [id, resource] = nestedResource(nested);
  return {
    area,
    id,
    view: inspect(Template.fromStack(nested), props(resource).Parameters as Record<string, unknown>),
  };
});
const handlerViews = handlerStacks.map(({ view }) => view);
const { resources, ofType, only, typeOf } = parent;
const actionsOf = (statement: Record<string, unknown>) => [statement.Action].flat().map(String);

const RATE_LIMITED_ROUTES = (ROUTES as readonly RouteDeclaration[]).filter(
  (route) => route.rateLimit !== undefined,
);

interface WafRule {
  readonly Name: string;
  readonly Statement: {
    RateBasedStatement?: Record<string, unknown> & { ScopeDownStatement?: unknown };
  } & Record<string, Record<string, unknown>>;
  readonly Action?: {
    Block?: {
      CustomResponse?: {
        ResponseCode: number;
        CustomResponseBodyKey?: string;
        ResponseHeaders?: { Name: string; Value: string }[];
      };
    };
  };
}

/** The WAF text transformations the scope-down statements use, as WAF applies them. */
const transform = (value: string, transformations: { Priority: number; Type: string }[]) =>
  [...transformations]
    .sort((a, b) => a.Priority - b.Priority)
    .reduce((text, { Type }) => {
      if (Type === 'NONE') return text;
      if (Type === 'URL_DECODE') return decodeURIComponent(text);
      if (Type === 'NORMALIZE_PATH') return new URL(text.replace(/\/{2,}/g, '/'), 'http://x').pathname;
      throw new Error(`transformation ${Type} not modelled by the test`);
    }, value);

/** Whether a WAF statement (the subset the scope-down statements use) matches a request. */
function wafMatches(statement: unknown, request: { method: string; uriPath: string }): boolean {
  const s = statement as Record<string, Record<string, unknown>>;
  const field = (fieldToMatch: unknown) => {
    const f = fieldToMatch as Record<string, unknown>;
    if ('Method' in f) return request.method;
    if ('UriPath' in f) return request.uriPath;
    throw new Error(`field ${JSON.stringify(f)} not modelled by the test`);
  };
  if (s.AndStatement)
    return (s.AndStatement.Statements as unknown[]).every((inner) => wafMatches(inner, request));
  if (s.OrStatement)
    return (s.OrStatement.Statements as unknown[]).some((inner) => wafMatches(inner, request));
  if (s.NotStatement) return !wafMatches(s.NotStatement.Statement, request);
  if (s.ByteMatchStatement) {
    const { FieldToMatch, SearchString, PositionalConstraint, TextTransformations } =
      s.ByteMatchStatement as {
        FieldToMatch: unknown;
        SearchString: string;
        PositionalConstraint: string;
        TextTransformations: { Priority: number; Type: string }[];
      };
    const value = transform(field(FieldToMatch), TextTransformations);
    switch (PositionalConstraint) {
      case 'EXACTLY':
        return value === SearchString;
      case 'STARTS_WITH':
        return value.startsWith(SearchString);
      case 'ENDS_WITH':
        return value.endsWith(SearchString);
      case 'CONTAINS':
        return value.includes(SearchString);
      default:
        throw new Error(`positional constraint ${PositionalConstraint} not modelled by the test`);
    }
  }
  if (s.RegexMatchStatement) {
    const { FieldToMatch, RegexString, TextTransformations } = s.RegexMatchStatement as {
      FieldToMatch: unknown;
      RegexString: string;
      TextTransformations: { Priority: number; Type: string }[];
    };
    return new RegExp(RegexString).test(transform(field(FieldToMatch), TextTransformations));
  }
  throw new Error(`statement ${Object.keys(s).join()} not modelled by the test`);
}

const [tableId, table] = only('AWS::DynamoDB::GlobalTable');
const [busId] = backbone.only('AWS::Events::EventBus');
/** A bucket of the parent by its construct, and its resource. */
const bucketOf = (bucket: { readonly node: { readonly defaultChild?: unknown } }): [string, CfnResource] => {
  const id = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  expect(typeOf(id)).toBe('AWS::S3::Bucket');
  return [id, resources[id] as CfnResource];
};
const [reportsBucketId] = bucketOf(stack.reports.bucket);

describe('table', () => {
  const properties = props(table);

  it('is retained, deletion-protected and recoverable to a point in time', () => {
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(properties.Replicas).toEqual([
      expect.objectContaining({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    ]);
  });

  it('has the declared keys, stream, TTL, on-demand billing and AWS managed encryption', () => {
    expect(properties.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    expect(properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(properties.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE.timeToLiveAttribute,
      Enabled: true,
    });
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
  });

  it('has every declared index with its key schema and ALL projection', () => {
    expect(properties.GlobalSecondaryIndexes).toEqual(
      TABLE.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    for (const index of TABLE.indexes) {
      expect(properties.AttributeDefinitions).toEqual(
        expect.arrayContaining([
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ]),
      );
    }
  });
});

describe('API routes', () => {
  const [restApiId] = only('AWS::ApiGateway::RestApi');
  const [authorizerId, authorizer] = only('AWS::ApiGateway::Authorizer');
  const [userPoolId] = only('AWS::Cognito::UserPool');

  /** Full path of every API Gateway resource, rebuilt from ParentId/PathPart. */
  const resourcePaths = new Map<string, string>();
  const pathOf = (resourceId: string): string => {
    const known = resourcePaths.get(resourceId);
    if (known !== undefined) return known;
    const resource = resources[resourceId];
    if (resource?.Type !== 'AWS::ApiGateway::Resource') throw new Error(`${resourceId} is not a resource`);
    const parent = props(resource).ParentId;
    const parentPath =
      JSON.stringify(parent) === JSON.stringify(getAtt(restApiId, 'RootResourceId'))
        ? ''
        : pathOf(referencedIds(parent)[0] ?? '');
    const path = `${parentPath}/${String(props(resource).PathPart)}`;
    resourcePaths.set(resourceId, path);
    return path;
  };
  const methodFor = (method: string, path: string): CfnResource => {
    const found = ofType('AWS::ApiGateway::Method').filter(([, candidate]) => {
      const resourceId = referencedIds(props(candidate).ResourceId)[0] ?? '';
      return props(candidate).HttpMethod === method && typeOf(resourceId) === 'AWS::ApiGateway::Resource'
        ? pathOf(resourceId) === path
        : false;
    });
    expect(found, `one ${method} ${path} method`).toHaveLength(1);
    return (found[0] as [string, CfnResource])[1];
  };
  /**
   * The function a method integrates with, and the template it is in: the integration names an output of an
   * area's nested stack (Fn::GetAtt [stack, Outputs.<name>]) whose value is the function's ARN.
   */
  const functionOf = (method: CfnResource): { fn: CfnResource; view: (typeof handlerViews)[number] } => {
    const outputs = JSON.stringify(props(method).Integration).match(/"Outputs\.([A-Za-z0-9]+)"/g) ?? [];
    const found = handlerStacks.flatMap(({ id, view }) =>
      referencedIds(props(method).Integration).includes(id)
        ? outputs.flatMap((quoted) => {
            const value = view.json.Outputs?.[quoted.slice('"Outputs.'.length, -1)]?.Value;
            return referencedIds(value)
              .filter((fnId) => view.typeOf(fnId) === 'AWS::Lambda::Function')
              .map((fnId) => ({ fn: view.resources[fnId] as CfnResource, view }));
          })
        : [],
    );
    expect(found).toHaveLength(1);
    return found[0] as { fn: CfnResource; view: (typeof handlerViews)[number] };
  };

  it('has a Cognito authorizer on the user pool', () => {
    expect(props(authorizer)).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [getAtt(userPoolId, 'Arn')],
    });
  });

  it.each(ROUTES.filter((route) => route.auth === 'user'))(
    '$method $path requires a signed-in user',
    (route) => {
      expect(props(methodFor(route.method, route.path))).toMatchObject({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: ref(authorizerId),
      });
    },
  );

  it.each(ROUTES.filter((route) => route.auth === 'public'))('$method $path is public', (route) => {
    const properties = props(methodFor(route.method, route.path));
    expect(properties.AuthorizationType).toBe('NONE');
    expect(properties.AuthorizerId).toBeUndefined();
  });

  it('keeps health and the OpenAPI document public', () => {
    for (const path of ['/health', '/openapi.json']) {
      expect(props(methodFor('GET', path)).AuthorizationType).toBe('NONE');
    }
  });

  it('serves the public form routes without sign-in: the form, its embed page, submitting, preflight', () => {
    for (const [method, path] of [
      ['GET', '/forms/{id}'],
      ['GET', '/forms/{id}/embed'],
      ['POST', '/forms/{id}/submissions'],
      ['OPTIONS', '/forms/{id}/submissions'],
    ] as const) {
      const declared = ROUTES.find((route) => route.method === method && route.path === path);
      expect(declared?.auth, `${method} ${path} declared public`).toBe('public');
      const properties = props(methodFor(method, path));
      expect(properties.AuthorizationType, `${method} ${path}`).toBe('NONE');
      expect(properties.AuthorizerId, `${method} ${path}`).toBeUndefined();
    }
  });

  it('answers CORS preflights (OPTIONS) without an authorizer or API key', () => {
    const preflights = ROUTES.filter((route) => route.method === 'OPTIONS');
    expect(preflights.length).toBeGreaterThan(0);
    for (const route of preflights) {
      const properties = props(methodFor(route.method, route.path));
      expect(properties.AuthorizationType).toBe('NONE');
      expect(properties.AuthorizerId).toBeUndefined();
      expect(properties.ApiKeyRequired ?? false).toBe(false);
    }
  });

  it('puts every other method of the API, declared or not, behind the Cognito authorizer', () => {
    const publicRoutes = new Set(
      ROUTES.filter((route) => route.auth === 'public').map((route) => `${route.method} ${route.path}`),
    );
    const served = methodsByPath(ROUTES);
    const methods = ofType('AWS::ApiGateway::Method');
    expect(methods).toHaveLength(ROUTES.length + served.size);
    for (const [methodId, method] of methods) {
      const resourceId = referencedIds(props(method).ResourceId)[0] ?? '';
      const path = typeOf(resourceId) === 'AWS::ApiGateway::Resource' ? pathOf(resourceId) : '/';
      const key = `${String(props(method).HttpMethod)} ${path}`;
      if (publicRoutes.has(key)) continue;
      if (props(method).HttpMethod === 'ANY') {
        // The path's catch-all: a mock that only ever answers 405 naming what the path serves.
        expect(props(method), `${methodId} (${key})`).toMatchObject({
          AuthorizationType: 'NONE',
          Integration: {
            Type: 'MOCK',
            PassthroughBehavior: 'NEVER',
            RequestTemplates: { 'application/json': '{"statusCode": 405}' },
            IntegrationResponses: [
              {
                StatusCode: '405',
                ResponseParameters: { 'method.response.header.Allow': `'${served.get(path)?.join(', ')}'` },
              },
            ],
          },
        });
        expect(props(method).Integration).not.toHaveProperty('Uri');
        continue;
      }
      expect(props(method), `${methodId} (${key})`).toMatchObject({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: ref(authorizerId),
      });
    }
  });

  it("gives every members' route a role list and read access to the team, and refuses to build one without", () => {
    for (const route of ROUTES) {
      if (route.auth !== 'user') continue;
      expect(route.roles.length, `${route.method} ${route.path}`).toBeGreaterThan(0);
      expect(['read', 'write'], `${route.method} ${route.path}`).toContain(route.table);
    }
    const member = ROUTES.find((route) => route.auth === 'user') as RouteDeclaration;
    const others = ROUTES.filter((route) => route !== member);
    const without = { ...member, roles: [] } as unknown as RouteDeclaration;
    expect(() => buildApp({ bundling: false, routes: [...others, without] })).toThrow(/declare its roles/);
    const blind = { ...member, table: 'none' } as RouteDeclaration;
    expect(() => buildApp({ bundling: false, routes: [...others, blind] })).toThrow(/reads the team/);
  });

  it('refuses to build an OPTIONS route that requires sign-in (a preflight carries no credentials)', () => {
    const preflight = ROUTES.find((route) => route.method === 'OPTIONS') as RouteDeclaration;
    const routes: RouteDeclaration[] = [
      ...ROUTES.filter((route) => route !== preflight),
      { ...preflight, auth: 'user', roles: ['admin'] },
    ];
    expect(() => buildApp({ bundling: false, routes })).toThrow(/OPTIONS .* must be declared public/);
  });

  it('passes form posts and pages through as text: no binary media types', () => {
    const [, restApi] = only('AWS::ApiGateway::RestApi');
    expect(props(restApi).BinaryMediaTypes).toBeUndefined();
  });

  it.each(ROUTES)(
    '$method $path is a Lambda proxy to its handler, with table access as declared',
    (route) => {
      const method = methodFor(route.method, route.path);
      expect(props(method).Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
      const { fn, view } = functionOf(method);
      const environment = (props(fn).Environment as { Variables: Record<string, unknown> }).Variables;
      if (route.table === 'none') expect(environment.TABLE_NAME).toBeUndefined();
      else expect(view.inParent(environment.TABLE_NAME)).toEqual(ref(tableId));
    },
  );

  it('grants the describe-only route nothing but DescribeTable', () => {
    const describeRoutes = ROUTES.filter((route) => route.table === 'describe');
    expect(describeRoutes.length).toBeGreaterThan(0);
    for (const route of describeRoutes) {
      const { fn, view } = functionOf(methodFor(route.method, route.path));
      const statements = view.statementsOf(fn);
      const dynamodbActions = statements
        .flatMap(actionsOf)
        .filter((action) => action.startsWith('dynamodb:'));
      expect(dynamodbActions).toEqual(['dynamodb:DescribeTable']);
    }
  });
});

describe('stage', () => {
  const [stageId, stage] = only('AWS::ApiGateway::Stage');

  it('throttles, traces, and logs access as JSON and errors', () => {
    const properties = props(stage);
    expect(properties.TracingEnabled).toBe(true);
    expect(properties.MethodSettings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: expect.any(Number),
          ThrottlingBurstLimit: expect.any(Number),
        }),
      ]),
    );
    // A method's own setting replaces the stage default as a whole, so each one restates the monitoring.
    for (const setting of properties.MethodSettings as Record<string, unknown>[]) {
      expect(setting).toMatchObject({ MetricsEnabled: true, LoggingLevel: 'ERROR', DataTraceEnabled: false });
    }
    const accessLog = properties.AccessLogSetting as { DestinationArn: unknown; Format: string };
    expect(typeOf(referencedIds(accessLog.DestinationArn)[0] ?? '')).toBe('AWS::Logs::LogGroup');
    expect(JSON.parse(accessLog.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
  });

  it.each(RATE_LIMITED_ROUTES)(
    '$method $path has its own method throttle, between one address and the stage default',
    (route) => {
      const settings = props(stage).MethodSettings as Record<string, number | string>[];
      const stageDefault = settings.find((setting) => setting.ResourcePath === '/*') ?? {};
      // CloudFormation spells the resource path with each `/` as `~1`.
      const own = settings.find(
        (setting) =>
          setting.HttpMethod === route.method &&
          setting.ResourcePath === `/${route.path.replaceAll('/', '~1')}`,
      );
      expect(own, `method setting of ${route.method} ${route.path}`).toBeDefined();
      const { perMinute, burst } = route.rateLimit ?? { perMinute: 0, burst: 0 };
      expect(own?.ThrottlingRateLimit).toBeGreaterThanOrEqual(perMinute / 60);
      expect(own?.ThrottlingRateLimit).toBeLessThanOrEqual(Number(stageDefault.ThrottlingRateLimit));
      expect(own?.ThrottlingBurstLimit).toBeGreaterThanOrEqual(burst);
      expect(own?.ThrottlingBurstLimit).toBeLessThanOrEqual(Number(stageDefault.ThrottlingBurstLimit));
    },
  );

  it("answers API Gateway's own refusals in the API's error shape", () => {
    const responses = ofType('AWS::ApiGateway::GatewayResponse').map(([, resource]) => props(resource));
    const byType = new Map(responses.map((response) => [response.ResponseType, response]));
    for (const [type, status, code] of [
      ['UNAUTHORIZED', '401', 'Unauthorized'],
      ['MISSING_AUTHENTICATION_TOKEN', '404', 'NotFound'],
      ['THROTTLED', '429', 'TooManyRequests'],
      ['REQUEST_TOO_LARGE', '413', 'PayloadTooLarge'],
      ['DEFAULT_5XX', undefined, 'InternalError'],
    ] as const) {
      const response = byType.get(type);
      expect(response, type).toBeDefined();
      expect(response?.StatusCode).toBe(status);
      const templates = (response?.ResponseTemplates ?? {}) as Record<string, string>;
      const template = templates['application/json'] ?? '';
      const rendered = JSON.parse(template.replace('$context.error.messageString', '"x"')) as {
        error: { code: string };
      };
      expect(rendered.error.code).toBe(code);
    }
  });

  it('is protected by a regional WAF web ACL with the managed rule groups and a per-IP rate limit', () => {
    const [webAclId, webAcl] = only('AWS::WAFv2::WebACL');
    const [, association] = only('AWS::WAFv2::WebACLAssociation');
    expect(props(association).WebACLArn).toEqual(getAtt(webAclId, 'Arn'));
    expect(referencedIds(props(association).ResourceArn)).toContain(stageId);

    expect(props(webAcl).Scope).toBe('REGIONAL');
    const rules = props(webAcl).Rules as { Statement: Record<string, Record<string, unknown>> }[];
    const managed = rules.flatMap((rule) => rule.Statement.ManagedRuleGroupStatement ?? []);
    expect(managed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
        }),
        expect.objectContaining({ VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
      ]),
    );
    const rateBased = rules.flatMap((rule) => rule.Statement.RateBasedStatement ?? []);
    // The API-wide limit: every request counts.
    expect(rateBased).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AggregateKeyType: 'IP', Limit: expect.any(Number) }),
      ]),
    );
    expect(
      rateBased.filter(
        (statement) => (statement as Record<string, unknown>).ScopeDownStatement === undefined,
      ),
    ).toHaveLength(1);
  });

  it('names every WAF rule and metric as WAF accepts them', () => {
    const [, webAcl] = only('AWS::WAFv2::WebACL');
    const rules = props(webAcl).Rules as (WafRule & { VisibilityConfig: { MetricName: string } })[];
    for (const rule of rules) {
      expect(rule.Name).toMatch(/^[0-9A-Za-z_-]{1,128}$/);
      expect(rule.VisibilityConfig.MetricName).toMatch(/^[\w#:.\-/]{1,255}$/);
    }
    expect(new Set(rules.map((rule) => rule.Name)).size).toBe(rules.length);
  });

  describe.each(RATE_LIMITED_ROUTES)('WAF rate rule of $method $path', (route) => {
    const [, webAcl] = only('AWS::WAFv2::WebACL');
    const rules = props(webAcl).Rules as WafRule[];
    const sample = (path: string) => path.replace(/\{\w+\+?\}/g, '01JZ0F8Q5T2XK3V9M7N4R6P8WB');
    const request = (method: string, path: string) => ({
      method,
      uriPath: `/${STAGE_NAME}${sample(path)}`,
    });
    const scoped = rules.filter((rule) => {
      const scopeDown = rule.Statement.RateBasedStatement?.ScopeDownStatement;
      return scopeDown !== undefined && wafMatches(scopeDown, request(route.method, route.path));
    });

    it('is one per-IP rate-based rule counting over a minute, at the declared rate', () => {
      expect(scoped).toHaveLength(1);
      const statement = scoped[0]?.Statement.RateBasedStatement;
      expect(statement).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 60 });
      // WAF accepts no limit under 10.
      expect(statement?.Limit).toBe(Math.max(10, route.rateLimit?.perMinute ?? 0));
    });

    it('counts this method and path only, with or without the stage in the path', () => {
      const scopeDown = scoped[0]?.Statement.RateBasedStatement?.ScopeDownStatement ?? {};
      expect(wafMatches(scopeDown, request(route.method, route.path))).toBe(true);
      expect(wafMatches(scopeDown, { method: route.method, uriPath: sample(route.path) })).toBe(true);
      expect(wafMatches(scopeDown, request(route.method, `${route.path}/`))).toBe(true);
      for (const other of ROUTES) {
        if (other.method === route.method && other.path === route.path) continue;
        expect(
          wafMatches(scopeDown, request(other.method, other.path)),
          `${other.method} ${other.path}`,
        ).toBe(false);
      }
      expect(wafMatches(scopeDown, request(route.method, '/forms'))).toBe(false);
      expect(wafMatches(scopeDown, request(route.method, `${route.path}/more`))).toBe(false);
    });

    it("blocks with a 429, a Retry-After header and the API's error body", () => {
      const customResponse = scoped[0]?.Action?.Block?.CustomResponse;
      expect(customResponse?.ResponseCode).toBe(429);
      const retryAfter = customResponse?.ResponseHeaders?.find(
        (header) => header.Name.toLowerCase() === 'retry-after',
      );
      expect(Number(retryAfter?.Value)).toBeGreaterThan(0);
      const bodies = props(webAcl).CustomResponseBodies as Record<
        string,
        { ContentType: string; Content: string }
      >;
      const body = bodies[customResponse?.CustomResponseBodyKey ?? ''];
      expect(body?.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(body?.Content ?? '{}')).toEqual({
        error: { code: 'TooManyRequests', message: expect.any(String), details: [] },
      });
    });
  });
});

describe('events', () => {
  // The backbone is the nested stack's: every lookup here reads its template.
  const { template, resources, ofType, only, typeOf, inParent } = backbone;
  const queueOf = (value: unknown) => {
    const ids = referencedIds(value);
    expect(ids.map(typeOf)).toEqual(['AWS::SQS::Queue']);
    return resources[ids[0] ?? ''] as CfnResource;
  };

  it('archives every clientele event from the custom bus, for a bounded time (events carry personal data)', () => {
    const [, archive] = only('AWS::Events::Archive');
    expect(props(archive)).toMatchObject({
      SourceArn: getAtt(busId, 'Arn'),
      EventPattern: { source: [EVENT_SOURCE] },
      RetentionDays: DEFAULT_ARCHIVE_DAYS,
    });
  });

  it('has one rule on the custom bus per declaration, with exactly the declared pattern', () => {
    const rules = ofType('AWS::Events::Rule').map(([, rule]) => props(rule));
    expect(rules.map((rule) => ({ bus: rule.EventBusName, pattern: rule.EventPattern }))).toEqual(
      RULES.map((rule) => ({ bus: ref(busId), pattern: rule.pattern })),
    );
  });

  it('gives every rule target a retry policy and an encrypted, TLS-only dead-letter queue', () => {
    const targets = ofType('AWS::Events::Rule').flatMap(
      ([, rule]) => props(rule).Targets as Record<string, unknown>[],
    );
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(target.RetryPolicy).toEqual({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
      const queue = queueOf((target.DeadLetterConfig as { Arn: unknown } | undefined)?.Arn);
      expect(props(queue).SqsManagedSseEnabled).toBe(true);
    }
  });

  it('parks failed asynchronous invocations of every automation in an SQS queue', () => {
    const targetFunctions = [
      ...ofType('AWS::Events::Rule').flatMap(([, rule]) =>
        (props(rule).Targets as { Arn: unknown }[]).flatMap((target) => referencedIds(target.Arn)),
      ),
      ...ofType('AWS::Scheduler::Schedule').flatMap(([, schedule]) =>
        referencedIds((props(schedule).Target as { Arn: unknown }).Arn),
      ),
    ];
    expect(targetFunctions.length).toBe(RULES.length + schedules.length);
    for (const functionId of targetFunctions) {
      const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(
        ([, config]) => JSON.stringify(props(config).FunctionName) === JSON.stringify(ref(functionId)),
      );
      expect(configs, `EventInvokeConfig of ${functionId}`).toHaveLength(1);
      const config = props((configs[0] as [string, CfnResource])[1]);
      expect(config.MaximumRetryAttempts).toEqual(expect.any(Number));
      queueOf((config.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination);
    }
  });

  it('relays the table stream to the bus, item by item, parking what it gives up on', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) =>
        JSON.stringify(inParent(props(mapping).EventSourceArn)) ===
        JSON.stringify(getAtt(tableId, 'StreamArn')),
    );
    expect(mappings).toHaveLength(1);
    const mapping = props((mappings[0] as [string, CfnResource])[1]);
    expect(mapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: expect.any(Number),
      MaximumRecordAgeInSeconds: expect.any(Number),
    });
    expect(mapping.MaximumRetryAttempts).toBeGreaterThan(0);
    const queue = queueOf(
      (mapping.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination,
    );
    expect(props(queue).SqsManagedSseEnabled).toBe(true);

    const relay = resources[referencedIds(mapping.FunctionName)[0] ?? ''] as CfnResource;
    expect(props(relay).Environment).toEqual({
      Variables: expect.objectContaining({ EVENT_BUS_NAME: ref(busId) }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(referencedIds(props(relay).Role)[0] ?? '')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'events:PutEvents', Resource: getAtt(busId, 'Arn') }),
        ]),
      },
    });
  });

  it('runs every schedule in UTC with a retry policy and a dead-letter queue', () => {
    const found = ofType('AWS::Scheduler::Schedule').map(([, schedule]) => props(schedule));
    expect(found.map((schedule) => schedule.ScheduleExpression)).toEqual(schedules.map((s) => s.expression));
    for (const [index, schedule] of found.entries()) {
      expect(schedule.ScheduleExpressionTimezone).toBe('Etc/UTC');
      const target = schedule.Target as Record<string, unknown>;
      // The payload contract of every scheduled handler (and of the local cron): its name, the run's time.
      expect(typeof target.Input).toBe('string');
      expect(JSON.parse(target.Input as string)).toEqual({
        schedule: schedules[index]?.name,
        time: '<aws.scheduler.scheduled-time>',
      });
      expect(target.RetryPolicy).toEqual({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
      queueOf((target.DeadLetterConfig as { Arn: unknown } | undefined)?.Arn);
    }
  });

  it('makes every dead-letter queue encrypted and TLS-only', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const [queueId, queue] of queues) {
      expect(props(queue).SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queueId)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});

describe('automation failures', () => {
  const { ofType, typeOf, resources, functionWithHandler, statementsOf, inParent } = backbone;
  const [failureHandlerId, failureHandler] = functionWithHandler(FAILURE_HANDLER);
  const mappings = ofType('AWS::Lambda::EventSourceMapping')
    .map(([, mapping]) => props(mapping))
    .filter((mapping) => referencedIds(mapping.FunctionName).includes(failureHandlerId));
  /** The queue EventBridge parks a rule's undeliverable events in (by the rule's declared pattern). */
  const deadLettersOf = (pattern: unknown) => {
    const [, rule] = ofType('AWS::Events::Rule').find(([, candidate]) =>
      isDeepStrictEqual(props(candidate).EventPattern, pattern),
    ) as [string, CfnResource];
    const [target] = props(rule).Targets as { Arn: unknown; DeadLetterConfig: { Arn: unknown } }[];
    return {
      queueId: referencedIds(target?.DeadLetterConfig.Arn)[0] ?? '',
      functionId: referencedIds(target?.Arn)[0],
    };
  };

  it.each(RULES)("reads the $name rule's dead-letter queue, reporting failures item by item", (rule) => {
    const { queueId, functionId } = deadLettersOf(rule.pattern);
    expect(typeOf(queueId)).toBe('AWS::SQS::Queue');
    // The same queue is the automation function's on-failure destination.
    const [, config] = ofType('AWS::Lambda::EventInvokeConfig').find(
      ([, candidate]) =>
        JSON.stringify(props(candidate).FunctionName) === JSON.stringify(ref(functionId ?? '')),
    ) as [string, CfnResource];
    expect(
      referencedIds((props(config).DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure),
    ).toEqual([queueId]);

    const reading = mappings.filter(
      (mapping) => JSON.stringify(mapping.EventSourceArn) === JSON.stringify(getAtt(queueId, 'Arn')),
    );
    expect(reading, `mapping of ${queueId}`).toHaveLength(1);
    expect(reading[0]).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(reading[0]?.BatchSize).toBeLessThanOrEqual(10);
  });

  it.each(RULES)(
    'redrives what the failure handler cannot record from the $name queue to a last, unread queue',
    (rule) => {
      const { queueId } = deadLettersOf(rule.pattern);
      const queue = props(resources[queueId] as CfnResource);
      const redrive = queue.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
      expect(redrive.maxReceiveCount).toBeGreaterThan(1);
      const [lastId] = referencedIds(redrive.deadLetterTargetArn);
      expect(typeOf(lastId ?? '')).toBe('AWS::SQS::Queue');
      expect(props(resources[lastId ?? ''] as CfnResource).RedrivePolicy).toBeUndefined();
      const readers = ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) =>
        referencedIds(props(mapping).EventSourceArn).includes(lastId ?? ''),
      );
      expect(readers).toEqual([]);
      // A message stays invisible while the handler works on it (AWS: at least six times the timeout).
      expect(Number(queue.VisibilityTimeout)).toBeGreaterThanOrEqual(
        6 * Number(props(failureHandler).Timeout),
      );
    },
  );

  /** A JSON environment value CDK joined from tokens, read with each reference spelled `<logicalId>`. */
  const joinedJson = (value: unknown): unknown => {
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    const text =
      join === undefined
        ? String(value)
        : join[1].map((part) => (typeof part === 'string' ? part : `<${referencedIds(part)[0]}>`)).join('');
    return JSON.parse(text);
  };

  it('tells the failure handler which rule each dead-letter queue is for', () => {
    const variables = (props(failureHandler).Environment as { Variables: Record<string, unknown> }).Variables;
    const pairs = joinedJson(variables.DEAD_LETTER_RULES) as [string, string][];
    expect(pairs.map(([, rule]) => rule).sort()).toEqual(RULES.map((rule) => rule.name).sort());
    for (const rule of RULES) {
      expect(pairs).toContainEqual([`<${deadLettersOf(rule.pattern).queueId}>`, rule.name]);
    }
  });

  it("lets the redrive invoke every other rule's function, by name, and nothing else", () => {
    const [redriveId, redrive] = functionWithHandler(REDRIVE_HANDLER);
    const variables = (props(redrive).Environment as { Variables: Record<string, unknown> }).Variables;
    const named = joinedJson(variables.RULE_FUNCTIONS) as Record<string, string>;
    const others = RULES.filter((rule) => rule.handler !== REDRIVE_HANDLER);
    expect(Object.keys(named).sort()).toEqual(others.map((rule) => rule.name).sort());
    const invokable = statementsOf(redrive)
      .filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'))
      .flatMap((statement) => referencedIds(statement.Resource));
    for (const rule of others) {
      const { functionId } = deadLettersOf(rule.pattern);
      expect(named[rule.name]).toBe(`<${functionId}>`);
      expect(invokable).toContain(functionId);
    }
    expect(invokable).not.toContain(redriveId);
    expect(new Set(invokable).size).toBe(others.length);
  });

  it("watches every dead-letter queue for depth and for age, and a rule's for any dead letter", () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id);
    const ruleQueues = new Set(RULES.map((rule) => deadLettersOf(rule.pattern).queueId));
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm));
    expect(alarms).toHaveLength(2 * queues.length + ruleQueues.size);
    for (const queueId of queues) {
      const watching = alarms.filter((alarm) => referencedIds(alarm.Dimensions).includes(queueId));
      expect(watching.map((alarm) => alarm.MetricName).sort(), queueId).toEqual([
        'ApproximateAgeOfOldestMessage',
        'ApproximateNumberOfMessagesVisible',
        ...(ruleQueues.has(queueId) ? ['NumberOfMessagesSent'] : []),
      ]);
      for (const alarm of watching) {
        expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', ComparisonOperator: 'GreaterThanThreshold' });
        expect(alarm.AlarmActions).toBeUndefined();
      }
    }
  });

  it('notifies the alarm topic when one is given', () => {
    const topic = 'arn:aws:sns:eu-central-1:123456789012:ops';
    const { stack: withTopic } = buildApp({ bundling: false, schedules, alarmTopicArn: topic });
    const alarms = Template.fromStack(withTopic.eventsStack).findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms).length).toBeGreaterThan(0);
    for (const alarm of Object.values(alarms) as CfnResource[])
      expect(props(alarm).AlarmActions).toEqual([topic]);
  });

  it('lets the failure handler write to the table', () => {
    const variables = (props(failureHandler).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(inParent(variables.TABLE_NAME)).toEqual(ref(tableId));
    const actions = statementsOf(failureHandler).flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:PutItem']));
  });
});

describe('mail', () => {
  const mailRules = RULES.filter((rule) => rule.handler === MAIL_HANDLER);
  const sesStatements = (view: typeof parent, fn: CfnResource) =>
    view
      .statementsOf(fn)
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('ses:')));

  it.each(mailRules)('$name sends from MAIL_FROM, allowed ses:SendEmail from that address only', (rule) => {
    const [, fn] = backbone.functionWithHandler(rule.handler);
    const variables = (props(fn).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.MAIL_FROM).toBe(DEFAULT_MAIL_FROM);
    expect(variables.MAIL_DIR).toBeUndefined();
    const statements = sesStatements(backbone, fn);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Condition: { StringEquals: { 'ses:FromAddress': DEFAULT_MAIL_FROM } },
    });
    expect(JSON.stringify(statements[0]?.Resource)).toContain(':identity/');
  });

  it('gives no other function an SES permission, in either stack', () => {
    const mailFunctions = new Set(mailRules.map((rule) => backbone.functionWithHandler(rule.handler)[1]));
    for (const view of [parent, backbone]) {
      for (const [functionId, fn] of view.ofType('AWS::Lambda::Function')) {
        if (!mailFunctions.has(fn)) expect(sesStatements(view, fn), functionId).toEqual([]);
      }
    }
  });

  it('takes the sender from the stack props, display name and all', () => {
    const mailFrom = 'Clientele CRM <crm@example.org>';
    const { stack: other } = buildApp({ bundling: false, mailFrom });
    const otherTemplate = Template.fromStack(other.eventsStack);
    otherTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: mailFrom }) },
    });
    otherTemplate.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ses:SendEmail',
            Condition: { StringEquals: { 'ses:FromAddress': 'crm@example.org' } },
          }),
        ]),
      },
    });
  });
});

describe('functions', () => {
  const functions = [
    ...handlerStacks.flatMap(({ area, view }) =>
      view.ofType('AWS::Lambda::Function').map(([id, fn]) => [`${area}/${id}`, fn, view] as const),
    ),
    ...backbone
      .ofType('AWS::Lambda::Function')
      .map(([id, fn]) => [`EventBackbone/${id}`, fn, backbone] as const),
  ];

  it('are all there: one per route handler, the relay, one per rule and per schedule, the failure handler', () => {
    const handlers = new Set(ROUTES.map((route) => route.handler));
    const failureHandler = RULES.length > 0 ? 1 : 0;
    expect(functions).toHaveLength(handlers.size + 1 + RULES.length + schedules.length + failureHandler);
    // The API's in its areas' nested stacks (each area's own), the backbone's in its nested stack.
    expect(parent.ofType('AWS::Lambda::Function')).toEqual([]);
    expect(handlerViews.flatMap((view) => view.ofType('AWS::Lambda::Function'))).toHaveLength(handlers.size);
    expect(handlerStacks.map(({ area }) => area).sort()).toEqual(
      [...new Set(ROUTES.map((route) => route.handler.split('/')[0]))].sort(),
    );
    expect(backbone.ofType('AWS::Lambda::Function')).toHaveLength(
      1 + RULES.length + schedules.length + failureHandler,
    );
  });

  it.each(functions)('%s has the house defaults', (_id, fn, { typeOf, resources }) => {
    const properties = props(fn);
    expect(properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: expect.any(Number),
      Timeout: expect.any(Number),
      Handler: 'index.handler',
      Environment: {
        Variables: expect.objectContaining({
          POWERTOOLS_SERVICE_NAME: 'clientele',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    const logGroupId = referencedIds((properties.LoggingConfig as { LogGroup: unknown }).LogGroup)[0] ?? '';
    expect(typeOf(logGroupId)).toBe('AWS::Logs::LogGroup');
    expect(props(resources[logGroupId] as CfnResource).RetentionInDays).toBe(30);
  });

  it('run with roles that carry no AWS managed policy', () => {
    for (const [id, fn, view] of functions) {
      const [roleId] = referencedIds(props(fn).Role);
      expect(view.typeOf(roleId ?? ''), id).toBe('AWS::IAM::Role');
      expect(props(view.resources[roleId ?? ''] as CfnResource).ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('users', () => {
  it('is an invitation-only pool with a strong password policy and optional TOTP, retained', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(props(pool)).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      Policies: {
        PasswordPolicy: {
          MinimumLength: expect.any(Number),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    expect(
      (props(pool).Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy.MinimumLength,
    ).toBeGreaterThanOrEqual(12);
  });

  it('has the admin, sales and service groups', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => props(group).GroupName);
    expect(groups.sort()).toEqual(['admin', 'sales', 'service']);
  });

  it('has a public client that signs in with a password or SRP', () => {
    const [, client] = only('AWS::Cognito::UserPoolClient');
    expect(props(client).GenerateSecret).toBe(false);
    expect(props(client).ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
    );
  });
});

describe('stack', () => {
  it('outputs what a deployer and the README need', () => {
    const outputs = parent.json.Outputs ?? {};
    for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'EventBusName']) {
      expect(outputs[name], name).toBeDefined();
    }
    // The bus's name comes out of the nested stack, from the output that gives the bus's Ref.
    const busName = outputs.EventBusName?.Value as { 'Fn::GetAtt': [string, string] };
    const [stackId, attribute] = busName['Fn::GetAtt'];
    expect(stackId).toBe(backboneStackId);
    expect(attribute).toMatch(/^Outputs\./);
    expect(backbone.json.Outputs?.[attribute.slice('Outputs.'.length)]?.Value).toEqual(ref(busId));
  });

  it('hard-codes no physical names and no region', () => {
    const nameProperties: Record<string, string> = {
      'AWS::DynamoDB::GlobalTable': 'TableName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::Cognito::UserPool': 'UserPoolName',
      'AWS::Events::Rule': 'Name',
      'AWS::Events::Archive': 'ArchiveName',
      'AWS::WAFv2::WebACL': 'Name',
    };
    for (const view of [parent, backbone, ...handlerViews]) {
      for (const [logicalId, resource] of Object.entries(view.resources)) {
        const nameProperty = nameProperties[resource.Type];
        if (nameProperty !== undefined) expect(props(resource)[nameProperty], logicalId).toBeUndefined();
      }
      expect(JSON.stringify(view.json)).not.toMatch(/\b(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d\b/);
    }
  });
});

describe('nested event backbone', () => {
  const counts = {
    parent: Object.keys(parent.resources).length,
    backbone: Object.keys(backbone.resources).length,
  };
  const EVENT_TYPES = [
    'AWS::Events::EventBus',
    'AWS::Events::Archive',
    'AWS::Events::Rule',
    'AWS::Scheduler::Schedule',
    'AWS::SQS::Queue',
    'AWS::SQS::QueuePolicy',
    'AWS::Lambda::EventSourceMapping',
    'AWS::Lambda::EventInvokeConfig',
  ];

  const largestArea = Math.max(...handlerViews.map((view) => Object.keys(view.resources).length));
  // CloudFormation's limit is 500 a template; the margin leaves room for the routes, schedules and alarms to come.
  it(`keeps each template under 450 resources (parent ${counts.parent}, event backbone ${counts.backbone}, largest area ${largestArea})`, () => {
    expect(counts.parent).toBeLessThan(450);
    expect(counts.backbone).toBeLessThan(450);
    expect(largestArea).toBeLessThan(450);
  });

  it('leaves the table, the users, the reports and uploads buckets and the API in the parent, every event resource in the backbone', () => {
    for (const type of [
      'AWS::DynamoDB::GlobalTable',
      'AWS::Cognito::UserPool',
      'AWS::ApiGateway::RestApi',
      'AWS::WAFv2::WebACL',
    ]) {
      expect(parent.ofType(type), type).toHaveLength(1);
      expect(backbone.ofType(type), type).toEqual([]);
    }
    expect(
      parent
        .ofType('AWS::S3::Bucket')
        .map(([id]) => id)
        .sort(),
    ).toEqual([reportsBucketId, bucketOf(stack.uploads.bucket)[0]].sort());
    expect(backbone.ofType('AWS::S3::Bucket')).toEqual([]);
    for (const type of EVENT_TYPES) {
      expect(parent.ofType(type), type).toEqual([]);
      expect(backbone.ofType(type).length, type).toBeGreaterThan(0);
    }
    expect(backbone.ofType('AWS::CloudFormation::Stack')).toEqual([]);
  });

  it("is given exactly the parameters it declares, each a value of the parent's table, bucket or API", () => {
    const passed = props(backboneStack).Parameters as Record<string, unknown>;
    expect(Object.keys(passed).sort()).toEqual(Object.keys(backbone.json.Parameters ?? {}).sort());
    const [restApiId] = only('AWS::ApiGateway::RestApi');
    const [stageId] = only('AWS::ApiGateway::Stage');
    const bucketId = reportsBucketId;
    // The uploads bucket is passed in when a rule reads uploads.
    const uploadsBucket = (RULES as readonly RuleDeclaration[]).some((rule) => rule.uploads !== undefined)
      ? [bucketOf(stack.uploads.bucket)[0]]
      : [];
    expect(Object.values(passed)).toEqual(
      expect.arrayContaining([
        ref(tableId),
        getAtt(tableId, 'Arn'),
        getAtt(tableId, 'StreamArn'),
        ref(bucketId),
        getAtt(bucketId, 'Arn'),
        ref(restApiId),
        ref(stageId),
      ]),
    );
    expect(new Set(Object.values(passed).flatMap(referencedIds))).toEqual(
      new Set([tableId, bucketId, ...uploadsBucket, restApiId, stageId]),
    );
  });

  it('refers in each template only to its own resources and parameters, or to pseudo parameters', () => {
    for (const view of [parent, backbone, ...handlerViews]) {
      const known = new Set([...Object.keys(view.resources), ...Object.keys(view.json.Parameters ?? {})]);
      const dangling = referencedIds([view.resources, view.json.Outputs ?? {}]).filter(
        (id) => !id.startsWith('AWS::') && !known.has(id),
      );
      expect(dangling).toEqual([]);
    }
  });

  it("gives each backbone function that uses the table the parent's table, by name and by ARN", () => {
    const users = backbone
      .ofType('AWS::Lambda::Function')
      .filter(
        ([, fn]) => (props(fn).Environment as { Variables: Record<string, unknown> }).Variables.TABLE_NAME,
      );
    // The relay reads only the stream; every rule, schedule and the failure handler write to the table.
    expect(users).toHaveLength(backbone.ofType('AWS::Lambda::Function').length - 1);
    for (const [functionId, fn] of users) {
      const variables = (props(fn).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(backbone.inParent(variables.TABLE_NAME), functionId).toEqual(ref(tableId));
      const tableStatements = backbone
        .statementsOf(fn)
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
      expect(tableStatements.length, functionId).toBeGreaterThan(0);
      for (const statement of tableStatements) {
        expect(new Set(referencedIds(backbone.inParent(statement.Resource))), functionId).toEqual(
          new Set([tableId]),
        );
      }
    }
  });

  it.each(RULES)("gives the $name rule's function the API's URL as PUBLIC_API_URL", (rule) => {
    const [, fn] = backbone.functionWithHandler(rule.handler);
    const variables = (props(fn).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(backbone.inParent(variables.PUBLIC_API_URL)).toEqual(parent.json.Outputs?.ApiUrl?.Value);
  });

  // The jobs e-mail too (tasks due, escalations), with a link to the record.
  it.each(schedules)("gives the $name schedule's function the API's URL as PUBLIC_API_URL", (schedule) => {
    const [, fn] = backbone.functionWithHandler(schedule.handler);
    const variables = (props(fn).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(backbone.inParent(variables.PUBLIC_API_URL)).toEqual(parent.json.Outputs?.ApiUrl?.Value);
  });
});

/** A bucket's policy refuses every request not made over TLS. */
function expectTlsOnly(bucketId: string) {
  const policies = ofType('AWS::S3::BucketPolicy').filter(([, policy]) =>
    referencedIds(props(policy).Bucket).includes(bucketId),
  );
  expect(policies).toHaveLength(1);
  const statements = (props(policies[0]?.[1] as CfnResource).PolicyDocument as { Statement: unknown[] })
    .Statement;
  expect(statements).toContainEqual(
    expect.objectContaining({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
  );
}

describe('reports bucket', () => {
  const [bucketId, bucket] = bucketOf(stack.reports.bucket);

  it('is private, encrypted, versioned and kept when the stack goes', () => {
    expect(props(bucket)).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('refuses every request not made over TLS', () => expectTlsOnly(bucketId));

  it('is written by the report job and read by the report route only, objects under reports/ only', () => {
    // The route's grant is in the reporting area's stack; the report job's in the backbone, on the bucket the
    // parent passes to each.
    const grantsIn = (view: typeof parent) =>
      view.ofType('AWS::IAM::Policy').flatMap(([, policy]) =>
        (
          props(policy).PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
        ).Statement.map((statement) => ({
          ...statement,
          Resource: view.inParent(statement.Resource),
        })).filter((statement) => referencedIds(statement.Resource).includes(bucketId)),
      );
    const actions = (statement: { Action: unknown }) => [statement.Action].flat().sort();
    const routeGrants = handlerViews.flatMap(grantsIn);
    expect(grantsIn(parent)).toEqual([]);
    expect(routeGrants.map(actions)).toEqual([['s3:GetObject']]);
    expect(grantsIn(backbone).map(actions)).toEqual([['s3:GetObject', 's3:PutObject']]);
    const grants = [...routeGrants, ...grantsIn(backbone)];
    expect(grants).toHaveLength(2);
    for (const statement of grants) expect(JSON.stringify(statement.Resource)).toContain('/reports/*');
    const withBucket = [parent, backbone, ...handlerViews].flatMap((view) =>
      view
        .ofType('AWS::Lambda::Function')
        .map(([, fn]) => (props(fn).Environment as { Variables: Record<string, unknown> }).Variables)
        .filter((variables) => variables.REPORTS_BUCKET !== undefined)
        .map((variables) => view.inParent(variables.REPORTS_BUCKET)),
    );
    expect(withBucket).toEqual([ref(bucketId), ref(bucketId)]);
  });
});

describe('uploads bucket', () => {
  const [bucketId, bucket] = bucketOf(stack.uploads.bucket);
  /** Every policy statement of a template that names the uploads bucket, read as the parent's values. */
  const grantsIn = (view: typeof parent) =>
    view.ofType('AWS::IAM::Policy').flatMap(([, policy]) =>
      (props(policy).PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement.map(
        (statement) => ({
          ...statement,
          Resource: view.inParent(statement.Resource),
        }),
      ).filter((statement) => referencedIds(statement.Resource).includes(bucketId)),
    );
  const withBucket = (views: readonly (typeof parent)[]) =>
    views.flatMap((view) =>
      view
        .ofType('AWS::Lambda::Function')
        .map(([, fn]) => (props(fn).Environment as { Variables: Record<string, unknown> }).Variables)
        .filter((variables) => variables.UPLOADS_BUCKET !== undefined)
        .map((variables) => view.inParent(variables.UPLOADS_BUCKET)),
    );

  it('is private, encrypted, owned by the account and kept when the stack goes', () => {
    expect(props(bucket)).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('refuses every request not made over TLS', () => expectTlsOnly(bucketId));

  it('expires uploads after 7 days and abandoned multipart uploads after 1', () => {
    expect(props(bucket).LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'ExpireUploads',
          Status: 'Enabled',
          Prefix: 'uploads/',
          ExpirationInDays: 7,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });

  it('lets a browser page PUT (only PUT) to a pre-signed URL and read the ETag', () => {
    expect(props(bucket).CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['PUT'],
          AllowedOrigins: ['*'],
          AllowedHeaders: ['content-type'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3600,
        },
      ],
    });
  });

  /** The statements of a function's policies that grant S3 actions, read as the parent's values. */
  const s3Grants = (view: typeof parent, fn: CfnResource) =>
    view
      .statementsOf(fn)
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))
      .map((statement) => ({ Action: statement.Action, Resource: view.inParent(statement.Resource) }));
  const objects = { 'Fn::Join': ['', [getAtt(bucketId, 'Arn'), '/uploads/*']] };
  const grantsFor = (access: 'sign' | 'read') =>
    access === 'sign'
      ? [{ Action: 's3:PutObject', Resource: objects }]
      : [
          { Action: 's3:GetObject', Resource: objects },
          { Action: 's3:ListBucket', Resource: getAtt(bucketId, 'Arn') },
        ];
  const viewOfArea = (handler: string) =>
    handlerStacks.find(({ area }) => area === handler.split('/')[0])?.view ?? parent;
  // Routes sharing a handler share its function.
  const routeUsers = [
    ...new Map(
      (ROUTES as readonly RouteDeclaration[]).flatMap((route) =>
        route.uploads === undefined ? [] : [[route.handler, route.uploads] as const],
      ),
    ),
  ];
  const ruleUsers = (RULES as readonly RuleDeclaration[]).flatMap((rule) =>
    rule.uploads === undefined ? [] : [[rule.handler, rule.uploads] as const],
  );

  it('is written by POST /uploads (through the URLs it signs): PutObject on uploads/* and nothing more', () => {
    const route = (ROUTES as readonly RouteDeclaration[]).find(
      (candidate) => candidate.method === 'POST' && candidate.path === '/uploads',
    );
    expect(route?.uploads).toBe('sign');
    const handler = route?.handler ?? '';
    const view = viewOfArea(handler);
    expect(view, 'the route function is in its area stack').not.toBe(parent);
    const [, fn] = view.functionWithHandler(handler);
    expect(s3Grants(view, fn)).toEqual([{ Action: 's3:PutObject', Resource: objects }]);
  });

  it('is reached by the functions whose route or rule declares uploads, each with exactly its access, and by no other', () => {
    let statements = 0;
    for (const [handler, access] of routeUsers) {
      const view = viewOfArea(handler);
      const [, fn] = view.functionWithHandler(handler);
      expect(s3Grants(view, fn), handler).toEqual(grantsFor(access));
      statements += grantsFor(access).length;
    }
    for (const [handler, access] of ruleUsers) {
      const [, fn] = backbone.functionWithHandler(handler);
      expect(s3Grants(backbone, fn), handler).toEqual(grantsFor(access));
      statements += grantsFor(access).length;
    }
    expect(grantsIn(parent)).toEqual([]);
    expect([backbone, ...handlerViews].flatMap(grantsIn)).toHaveLength(statements);
    expect(withBucket([parent, backbone, ...handlerViews])).toEqual(
      Array.from({ length: routeUsers.length + ruleUsers.length }, () => ref(bucketId)),
    );
  });

  it('gives a rule that reads uploads GetObject on uploads/* and ListBucket (a missing file is 404), in the backbone', () => {
    const reader = {
      name: 'StandInUploadReader',
      description: 'Stand-in rule reading uploads, for the infra test',
      pattern: { source: [EVENT_SOURCE], 'detail-type': ['StandInUploadReady'] },
      handler: RULES[0]?.handler ?? 'health',
      uploads: 'read',
    } as const;
    const { stack: other } = buildApp({ bundling: false, schedules, rules: [...RULES, reader] });
    const otherParent = inspect(Template.fromStack(other));
    const backboneId = other.getLogicalId(other.eventsStack.nestedStackResource as CfnElement);
    const passed = props(otherParent.resources[backboneId] as CfnResource).Parameters as Record<
      string,
      unknown
    >;
    const view = inspect(Template.fromStack(other.eventsStack), passed);
    const fn = other.events.ruleFunctions.get(reader.name);
    expect(fn, 'the stand-in rule has its function').toBeDefined();
    const functionId = other.eventsStack.getLogicalId(fn?.fn.node.defaultChild as CfnElement);
    const otherBucketId = other.getLogicalId(other.uploads.bucket.node.defaultChild as CfnElement);
    const statements = view
      .statementsOf(view.resources[functionId] as CfnResource)
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))
      .map((statement) => ({ Action: statement.Action, Resource: view.inParent(statement.Resource) }));
    expect(statements).toEqual([
      { Action: 's3:GetObject', Resource: expect.anything() },
      { Action: 's3:ListBucket', Resource: getAtt(otherBucketId, 'Arn') },
    ]);
    expect(JSON.stringify(statements[0]?.Resource)).toContain('/uploads/*');
    expect(referencedIds(statements[0]?.Resource)).toEqual([otherBucketId]);
    const variables = (
      props(view.resources[functionId] as CfnResource).Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(view.inParent(variables.UPLOADS_BUCKET)).toEqual(ref(otherBucketId));
  });
});
