// The orders area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).

import { AccountPath } from '../accounts/index.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { HistoryEntry, HistoryQuery } from '../platform/history.ts';
import { PageQuery } from '../platform/schemas.ts';
import {
  Charge,
  ChargePath,
  Invoice,
  InvoicePath,
  Order,
  OrderCreate,
  OrderPatch,
  OrderPath,
} from './order.ts';
import { Product, ProductCreate, ProductListQuery, ProductPatch, ProductPath } from './product.ts';

export const createOrder = {
  method: 'POST',
  path: '/orders',
  handler: 'orders/handlers/create-order',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'write',
  summary:
    'Place an order: catalogue products (at their list price unless one is agreed) and tailored work quoted per line.',
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

export const getCharge = {
  method: 'GET',
  path: '/charges/{id}',
  handler: 'orders/handlers/get-charge',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: "Read one internal charge (an internal account's bill, issued by automations only).",
  tag: 'Invoices',
  params: ChargePath,
  responses: { 200: Charge, 404: undefined },
} as const satisfies RouteDeclaration;

export const listAccountCharges = {
  method: 'GET',
  path: '/accounts/{id}/charges',
  handler: 'orders/handlers/list-account-charges',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: "An internal account's charges.",
  tag: 'Invoices',
  params: AccountPath,
  query: PageQuery,
  responses: { 200: Charge, 404: undefined },
} as const satisfies RouteDeclaration;

export const createProduct = {
  method: 'POST',
  path: '/products',
  handler: 'orders/handlers/create-product',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary: 'Add a standard product to the catalogue, at its list price; one product per SKU.',
  tag: 'Products',
  body: ProductCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Product, 409: undefined },
} as const satisfies RouteDeclaration;

export const listProducts = {
  method: 'GET',
  path: '/products',
  handler: 'orders/handlers/list-products',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'The catalogue, or the products on sale (active=true) or off it, in the order they were added.',
  tag: 'Products',
  query: ProductListQuery,
  responses: { 200: Product },
} as const satisfies RouteDeclaration;

export const getProduct = {
  method: 'GET',
  path: '/products/{id}',
  handler: 'orders/handlers/get-product',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one product.',
  tag: 'Products',
  params: ProductPath,
  responses: { 200: Product, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateProduct = {
  method: 'PATCH',
  path: '/products/{id}',
  handler: 'orders/handlers/update-product',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary: 'Change a product (its price too): orders placed keep what their lines were sold at.',
  tag: 'Products',
  params: ProductPath,
  body: ProductPatch,
  headers: ['If-Match'],
  responses: { 200: Product, 404: undefined, 409: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const getOrderHistory = {
  method: 'GET',
  path: '/orders/{id}/history',
  handler: 'orders/handlers/get-order-history',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    "The history of an order, newest first: each change's time, who made it, and each field before → after.",
  tag: 'Orders',
  params: OrderPath,
  query: HistoryQuery,
  responses: { 200: HistoryEntry, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createOrder,
  getOrder,
  updateOrder,
  getInvoice,
  listAccountInvoices,
  getCharge,
  listAccountCharges,
  createProduct,
  listProducts,
  getProduct,
  updateProduct,
  getOrderHistory,
] as const satisfies readonly RouteDeclaration[];
