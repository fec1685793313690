// The sales area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).

import { AccountPath } from '../accounts/index.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { HistoryEntry, HistoryQuery } from '../platform/history.ts';
import { AccountDealsQuery, Deal, DealCreate, DealListQuery, DealPatch, DealPath } from './deal.ts';
import { LostReasons, LostReasonsInput } from './lost-reason.ts';
import { Quota, QuotaInput, QuotaListQuery, QuotaPath } from './quota.ts';

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

export const getLostReasons = {
  method: 'GET',
  path: '/lost-reasons',
  handler: 'sales/handlers/get-lost-reasons',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'read',
  summary: 'The reasons a deal can be lost for (the default list until an admin sets one).',
  tag: 'Deals',
  responses: { 200: LostReasons },
} as const satisfies RouteDeclaration;

export const putLostReasons = {
  method: 'PUT',
  path: '/lost-reasons',
  handler: 'sales/handlers/put-lost-reasons',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Set the reasons a deal can be lost for, the whole list (If-Match: the version read, 0 for the default).',
  tag: 'Deals',
  body: LostReasonsInput,
  headers: ['If-Match'],
  responses: { 200: LostReasons, 412: undefined },
} as const satisfies RouteDeclaration;

export const listQuotas = {
  method: 'GET',
  path: '/quotas',
  handler: 'sales/handlers/list-quotas',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'read',
  summary: "Everyone's quotas for a period (period and start), or one owner's (ownerId), from indexes.",
  tag: 'Quotas',
  query: QuotaListQuery,
  responses: { 200: Quota },
} as const satisfies RouteDeclaration;

export const getQuota = {
  method: 'GET',
  path: '/quotas/{ownerId}/{period}/{start}',
  handler: 'sales/handlers/get-quota',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'read',
  summary: "An owner's quota for a period (a day, the Monday of a week, the 1st of a month).",
  tag: 'Quotas',
  params: QuotaPath,
  responses: { 200: Quota, 404: undefined },
} as const satisfies RouteDeclaration;

export const putQuota = {
  method: 'PUT',
  path: '/quotas/{ownerId}/{period}/{start}',
  handler: 'sales/handlers/put-quota',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    "Set an owner's quota for a period: an amount per currency to win (201 made, 200 replaced; If-Match honoured).",
  tag: 'Quotas',
  params: QuotaPath,
  body: QuotaInput,
  headers: ['If-Match'],
  responses: { 200: Quota, 201: Quota, 412: undefined },
} as const satisfies RouteDeclaration;

export const deleteQuota = {
  method: 'DELETE',
  path: '/quotas/{ownerId}/{period}/{start}',
  handler: 'sales/handlers/delete-quota',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary: "Remove an owner's quota for a period (If-Match honoured).",
  tag: 'Quotas',
  params: QuotaPath,
  headers: ['If-Match'],
  responses: { 204: undefined, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const getDealHistory = {
  method: 'GET',
  path: '/deals/{id}/history',
  handler: 'sales/handlers/get-deal-history',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'read',
  summary:
    "The history of a deal, newest first: each change's time, who made it, and each field before → after.",
  tag: 'Deals',
  params: DealPath,
  query: HistoryQuery,
  responses: { 200: HistoryEntry, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createDeal,
  listDeals,
  getDeal,
  updateDeal,
  listAccountDeals,
  getLostReasons,
  putLostReasons,
  listQuotas,
  getQuota,
  putQuota,
  deleteQuota,
  getDealHistory,
] as const satisfies readonly RouteDeclaration[];
