// The orders area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).

import { AccountPath } from '../accounts/index.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { PageQuery } from '../platform/schemas.ts';
import { Invoice, InvoicePath, Order, OrderCreate, OrderPatch, OrderPath } from './order.ts';

export const createOrder = {
  method: 'POST',
  path: '/orders',
  handler: 'orders/handlers/create-order',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'write',
  summary: "Place an order: a customer's purchase of standard products.",
  tag: 'Orders',
  body: OrderCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Order, 404: undefined },
} as const satisfies RouteDeclaration;

export const getOrder = {
  method: 'GET',
  path: '/orders/{id}',
  handler: 'orders/handlers/get-order',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one order.',
  tag: 'Orders',
  params: OrderPath,
  responses: { 200: Order, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateOrder = {
  method: 'PATCH',
  path: '/orders/{id}',
  handler: 'orders/handlers/update-order',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'write',
  summary: 'Move an order: placed → in_fulfillment → fulfilled, or cancelled before fulfilment.',
  tag: 'Orders',
  params: OrderPath,
  body: OrderPatch,
  headers: ['If-Match'],
  responses: { 200: Order, 404: undefined, 409: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const getInvoice = {
  method: 'GET',
  path: '/invoices/{id}',
  handler: 'orders/handlers/get-invoice',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one invoice (invoices are issued by automations only).',
  tag: 'Invoices',
  params: InvoicePath,
  responses: { 200: Invoice, 404: undefined },
} as const satisfies RouteDeclaration;

export const listAccountInvoices = {
  method: 'GET',
  path: '/accounts/{id}/invoices',
  handler: 'orders/handlers/list-account-invoices',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: "An account's invoices.",
  tag: 'Invoices',
  params: AccountPath,
  query: PageQuery,
  responses: { 200: Invoice, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createOrder,
  getOrder,
  updateOrder,
  getInvoice,
  listAccountInvoices,
] as const satisfies readonly RouteDeclaration[];
