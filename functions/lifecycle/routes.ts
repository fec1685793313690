// The lifecycle area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).
import { AccountPath } from '../accounts/index.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { AccountDeleteQuery, AccountDeletion } from './deletion.ts';

export const deleteAccount = {
  method: 'DELETE',
  path: '/accounts/{id}',
  handler: 'lifecycle/handlers/delete-account',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Delete an account with everything under it, in batches (202; follow the deletion at its Location); issued invoices and charges are kept. 409 while deals, orders or tickets are open, unless ?cascade=true.',
  tag: 'Accounts',
  params: AccountPath,
  query: AccountDeleteQuery,
  responses: { 200: AccountDeletion, 202: AccountDeletion, 404: undefined, 409: undefined },
} as const satisfies RouteDeclaration;

export const getAccountDeletion = {
  method: 'GET',
  path: '/accounts/{id}/deletion',
  handler: 'lifecycle/handlers/get-account-deletion',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary: "An account's deletion: its state, what was open, what has been removed so far and what is kept.",
  tag: 'Accounts',
  params: AccountPath,
  responses: { 200: AccountDeletion, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [deleteAccount, getAccountDeletion] as const satisfies readonly RouteDeclaration[];
