// The API's own operations: liveness and the OpenAPI document.
import type { RouteDeclaration } from '../platform/declarations.ts';

export const health = {
  method: 'GET',
  path: '/health',
  handler: 'app/handlers/health',
  auth: 'public',
  table: 'describe',
  summary: 'Liveness of the API, the table and the change stream.',
  tag: 'Operations',
  responses: { 200: undefined, 503: undefined },
} as const satisfies RouteDeclaration;

export const openapi = {
  method: 'GET',
  path: '/openapi.json',
  handler: 'app/handlers/openapi',
  auth: 'public',
  table: 'none',
  summary: 'This document.',
  tag: 'Operations',
  responses: { 200: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [health, openapi] as const satisfies readonly RouteDeclaration[];
