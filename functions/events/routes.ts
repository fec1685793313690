// The events area's routes: the automations' failures, for the admins who look after them. Assembled with
// the other areas' into the one list both runtimes read (app/routes.ts).
import type { RouteDeclaration } from '../platform/declarations.ts';
import { Failure, FailureListQuery, FailurePath } from './failure.ts';

export const listFailures = {
  method: 'GET',
  path: '/failures',
  handler: 'events/handlers/list-failures',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary:
    'Events an automation gave up on (dead letters), the most recent failure first: the rule, the event, the error and the attempts; `status=open` for those nobody has retried.',
  tag: 'Failures',
  query: FailureListQuery,
  responses: { 200: Failure },
} as const satisfies RouteDeclaration;

export const retryFailure = {
  method: 'POST',
  path: '/failures/{id}/retry',
  handler: 'events/handlers/retry-failure',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    "Hand the event to its rule's target again (once more through its retries); the failure is `retried`, and open again if it fails again.",
  tag: 'Failures',
  params: FailurePath,
  responses: { 202: Failure, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [listFailures, retryFailure] as const satisfies readonly RouteDeclaration[];
