// What an area declares for both runtimes: its HTTP routes, its event rules and its schedules. The CDK stack
// and the local runtime read the lists assembled from these (app/), so a declaration added serves in both.
import type { $ZodType } from 'zod/v4/core';
import type { Role } from './access.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

/** What a handler may do to the table; the stack grants exactly this. */
export type TableAccess = 'none' | 'read' | 'write' | 'describe';

interface RouteBase {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  /** File under functions/ (without .ts), `<area>/handlers/<name>`, whose `handler` export serves the route. */
  readonly handler: string;
  readonly table: TableAccess;
  readonly summary: string;
  readonly tag: string;
  readonly params?: $ZodType;
  readonly query?: $ZodType;
  readonly body?: $ZodType;
  /** Status → schema of the JSON answered (undefined: no body). */
  readonly responses: Readonly<Record<number, $ZodType | undefined>>;
  /** Request headers the route reads, for the docs. */
  readonly headers?: readonly ('Idempotency-Key' | 'If-Match')[];
  /** Per client IP: a WAF rate-based rule on AWS, a token bucket in the local gateway. */
  readonly rateLimit?: { readonly perMinute: number; readonly burst: number };
  /** What the body may be, when not JSON (for the docs). */
  readonly bodyTypes?: readonly string[];
  /** Answers HTML (pages), not JSON. */
  readonly html?: true;
  /** Reads the stored report files (the reports bucket on AWS). */
  readonly reports?: 'read';
  /**
   * The uploaded files (the uploads bucket on AWS): `sign` hands out pre-signed PUT URLs, which carry the
   * function's own permission to write; `read` reads the files.
   */
  readonly uploads?: 'sign' | 'read';
}

/** Anyone may call it: no token is asked for (forms, surveys, health, the document). */
export interface PublicRouteDeclaration extends RouteBase {
  readonly auth: 'public';
}

/**
 * A signed-in team member (Cognito on AWS, a locally signed JWT on a laptop) holding one of `roles`: checked by
 * the platform's HTTP layer (platform/access.ts) before the handler runs, the same on AWS and locally.
 */
export interface UserRouteDeclaration extends RouteBase {
  readonly auth: 'user';
  readonly roles: readonly [Role, ...Role[]];
}

export type RouteDeclaration = PublicRouteDeclaration | UserRouteDeclaration;

export const EVENT_SOURCE = 'clientele';

/**
 * The attribute the reconciler stamps on a record whose automation stalled (platform/redrive.ts): the relay
 * announces the record's creation event again when it changes.
 */
export const REANNOUNCED_AT = 'redrivenAt';

/** An EventBridge event pattern, as JSON (`detail-type`, not `detailType`). */
export type EventPattern = { readonly [field: string]: unknown };

export interface RuleDeclaration {
  /** Stable, unique; used for construct ids and the local dead-letter file. */
  readonly name: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** File under functions/ (without .ts), `<area>/handlers/<name>`, whose `handler` export is the target. */
  readonly handler: string;
  /** Reads the uploaded files (the uploads bucket on AWS). */
  readonly uploads?: 'read';
}

export interface ScheduleDeclaration {
  readonly name: string;
  readonly description: string;
  /** EventBridge schedule expression, e.g. `cron(0 6 * * ? *)` or `rate(1 hour)`. */
  readonly expression: string;
  /** File under functions/ (without .ts), `<area>/handlers/<name>`, whose `handler` export runs. */
  readonly handler: string;
  /** Writes report files (the reports bucket on AWS). */
  readonly reports?: 'write';
}

/** The function's own name: the handler file's (`accounts/handlers/create-account` → `create-account`). */
export const functionName = (handler: string): string => handler.slice(handler.lastIndexOf('/') + 1);

/**
 * The methods each path serves, in declaration order: what a 405 names in its `Allow` header, on AWS (a mock
 * method per resource) and locally alike.
 */
export function methodsByPath(routes: readonly { readonly method: string; readonly path: string }[]) {
  const methods = new Map<string, string[]>();
  for (const { method, path } of routes) {
    const served = methods.get(path) ?? [];
    if (!served.includes(method)) served.push(method);
    methods.set(path, served);
  }
  return methods;
}
