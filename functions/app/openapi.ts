// The OpenAPI 3.1 document, generated from the route declarations and the very schemas that validate
// requests, so the docs cannot drift from what the API accepts.
import type { $ZodType } from 'zod/v4/core';
import { ROLES } from '../platform/access.ts';
import { functionName, type RouteDeclaration } from '../platform/declarations.ts';
import * as z from '../platform/zod.ts';
import { ROUTES } from './routes.ts';

type JsonSchema = Record<string, unknown>;

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

/** A members' route's refusal: the error, and the roles that would be let in. */
const FORBIDDEN_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details', 'allowedRoles'],
      properties: {
        code: { type: 'string', enum: ['NoRole', 'RoleRequired', 'NotAMember'] },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object' } },
        allowedRoles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
      },
    },
  },
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: stored; the automations follow',
  204: 'No content',
  301: 'Merged into another record: Location (and mergedInto) name the survivor',
  303: 'See other: where a browser goes next',
  403: 'Forbidden',
  400: 'Bad request: a field is missing or wrong (each named in details)',
  401: 'No or invalid bearer token',
  404: 'Not found',
  409: 'Conflict',
  412: 'The If-Match version is stale',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Idempotency-Key reused with different content',
  429: 'Too many requests from this address (see Retry-After)',
  503: 'Unavailable',
};

/** Named schemas (zod `.meta({ id })`) land in components.schemas and are referenced from there. */
const components: Record<string, JsonSchema> = { Error: {} };

function schemaOf(schema: $ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const {
    $schema: _,
    $defs,
    ...rest
  } = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  Object.assign(components, $defs);
  return rest;
}

function parametersOf(schema: $ZodType | undefined, where: 'path' | 'query') {
  if (schema === undefined) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

const HEADER_DOCS = {
  'Idempotency-Key': 'Makes a retry safe: the same key and content within 24 h get the same answer, once.',
  'If-Match': 'The version you read (ETag); a stale one gets 412 and changes nothing.',
} as const;

function operationOf(route: RouteDeclaration) {
  const isList = route.method === 'GET' && route.query !== undefined;
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    const code = Number(status);
    const description = STATUS_TEXT[code] ?? 'Response';
    if (code >= 400) {
      responses[status] = { description, content: { 'application/json': { schema: ERROR_SCHEMA } } };
    } else if (schema === undefined) {
      responses[status] =
        route.html && code === 200
          ? { description, content: { 'text/html': { schema: { type: 'string' } } } }
          : { description };
    } else {
      const item = schemaOf(schema, 'output');
      const body = isList
        ? {
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
          }
        : item;
      responses[status] = { description, content: { 'application/json': { schema: body } } };
    }
  }
  if (route.auth === 'user') {
    responses['401'] ??= {
      description: STATUS_TEXT[401],
      content: { 'application/json': { schema: ERROR_SCHEMA } },
    };
    responses['403'] = {
      description: `Not allowed: the caller is no active team member (NotAMember), or holds none of ${route.roles.join(', ')} (NoRole, RoleRequired)`,
      content: { 'application/json': { schema: FORBIDDEN_SCHEMA } },
    };
  }
  if (route.body !== undefined) {
    responses['400'] ??= {
      description: STATUS_TEXT[400],
      content: { 'application/json': { schema: ERROR_SCHEMA } },
    };
  }
  return {
    operationId: functionName(route.handler).replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
    summary: route.summary,
    ...(route.auth === 'user'
      ? {
          description: `Who may call it: ${route.roles.join(', ')} (an active team member holding the role in both the token and the team).`,
          'x-roles': [...route.roles],
        }
      : { description: 'Public: no token needed.' }),
    tags: [route.tag],
    ...(route.auth === 'user' ? { security: [{ bearer: [] }] } : { security: [] }),
    parameters: [
      ...parametersOf(route.params, 'path'),
      ...parametersOf(route.query, 'query'),
      ...(route.headers ?? []).map((name) => ({
        name,
        in: 'header',
        required: false,
        description: HEADER_DOCS[name],
        schema: { type: 'string' },
      })),
    ],
    ...(route.bodyTypes !== undefined
      ? {
          requestBody: {
            required: true,
            description:
              "The form's fields by name (plus the honeypot and _idempotency_key for browser posts).",
            content: Object.fromEntries(
              route.bodyTypes.map((type) => [
                type,
                {
                  schema: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
                },
              ]),
            ),
          },
        }
      : {}),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
          },
        }),
    responses,
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES as readonly RouteDeclaration[]) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Clientele API',
      version: '1',
      description:
        'CRM backend: accounts, contacts and interactions. JSON in and out; errors are ' +
        '{"error":{"code","message","details":[{"path","message"}]}}. Lists are paginated with an opaque cursor.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...components, Error: ERROR_SCHEMA },
    },
    paths,
  };
}
