// The HTTP API, assembled once from the areas' declarations: the CDK stack makes an API Gateway method +
// Lambda per route, the local gateway serves the same list, and /openapi.json is generated from it.
import { ROUTES as accounts } from '../accounts/routes.ts';
import { ROUTES as bulk } from '../bulk/routes.ts';
import { ROUTES as events } from '../events/routes.ts';
import { ROUTES as forms } from '../forms/routes.ts';
import { ROUTES as lifecycle } from '../lifecycle/routes.ts';
import { ROUTES as orders } from '../orders/routes.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { ROUTES as reporting } from '../reporting/routes.ts';
import { ROUTES as sales } from '../sales/routes.ts';
import { ROUTES as search } from '../search/routes.ts';
import { ROUTES as service } from '../service/routes.ts';
import { ROUTES as team } from '../team/routes.ts';
import { ROUTES as work } from '../work/routes.ts';
import { ROUTES as operations } from './operations.ts';

export const ROUTES = [
  ...operations,
  ...accounts,
  ...lifecycle,
  ...search,
  ...sales,
  ...orders,
  ...service,
  ...forms,
  ...team,
  ...work,
  ...reporting,
  ...bulk,
  ...events,
] as const satisfies readonly RouteDeclaration[];
