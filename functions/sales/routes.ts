// The sales area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).

import { AccountPath } from '../accounts/index.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { AccountDealsQuery, Deal, DealCreate, DealListQuery, DealPatch, DealPath } from './deal.ts';

export const createDeal = {
  method: 'POST',
  path: '/deals',
  handler: 'sales/handlers/create-deal',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'write',
  summary: 'Open a deal on an account (amount in minor units, an open stage).',
  tag: 'Deals',
  body: DealCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Deal, 404: undefined },
} as const satisfies RouteDeclaration;

export const listDeals = {
  method: 'GET',
  path: '/deals',
  handler: 'sales/handlers/list-deals',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'read',
  summary: 'The pipeline: deals by stage (soonest expected close first), by owner, or all.',
  tag: 'Deals',
  query: DealListQuery,
  responses: { 200: Deal },
} as const satisfies RouteDeclaration;

export const getDeal = {
  method: 'GET',
  path: '/deals/{id}',
  handler: 'sales/handlers/get-deal',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'read',
  summary: 'Read one deal.',
  tag: 'Deals',
  params: DealPath,
  responses: { 200: Deal, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateDeal = {
  method: 'PATCH',
  path: '/deals/{id}',
  handler: 'sales/handlers/update-deal',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'write',
  summary:
    'Change a deal or move its stage: forward (skipping allowed), to lost from any open stage; won and lost are final.',
  tag: 'Deals',
  params: DealPath,
  body: DealPatch,
  headers: ['If-Match'],
  responses: { 200: Deal, 404: undefined, 409: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const listAccountDeals = {
  method: 'GET',
  path: '/accounts/{id}/deals',
  handler: 'sales/handlers/list-account-deals',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'read',
  summary: "An account's deals, newest first.",
  tag: 'Deals',
  params: AccountPath,
  query: AccountDealsQuery,
  responses: { 200: Deal, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createDeal,
  listDeals,
  getDeal,
  updateDeal,
  listAccountDeals,
] as const satisfies readonly RouteDeclaration[];
