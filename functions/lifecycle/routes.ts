// The lifecycle area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).
import { Account, AccountPath, Contact, ContactIdPath } from '../accounts/index.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { AccountDeleteQuery, AccountDeletion } from './deletion.ts';
import { DuplicatesQuery, duplicates } from './matching.ts';
import { AccountMerge, ContactMerge, MergePath, MergeRequest } from './merge.ts';
import { Erasure, PersonExport } from './person.ts';

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

export const mergeAccount = {
  method: 'POST',
  path: '/accounts/{id}/merge',
  handler: 'lifecycle/handlers/merge-account',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Merge the account `from` into this one: everything under it moves here, in batches (202; follow the merge at its Location), and its id answers 301 to this one. Asked again, the same merge answers.',
  tag: 'Accounts',
  params: AccountPath,
  body: MergeRequest,
  responses: {
    200: AccountMerge,
    202: AccountMerge,
    400: undefined,
    404: undefined,
    409: undefined,
    412: undefined,
  },
} as const satisfies RouteDeclaration;

export const getAccountMerge = {
  method: 'GET',
  path: '/accounts/{id}/merges/{fromId}',
  handler: 'lifecycle/handlers/get-account-merge',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary: 'The merge of account fromId into this one: its state and what has been moved so far.',
  tag: 'Accounts',
  params: MergePath,
  responses: { 200: AccountMerge, 404: undefined },
} as const satisfies RouteDeclaration;

export const mergeContact = {
  method: 'POST',
  path: '/contacts/{id}/merge',
  handler: 'lifecycle/handlers/merge-contact',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary:
    'Merge the contact `from` (of the same account) into this one: its addresses and the records naming it come here (202; follow the merge at its Location), and its id answers 301 to this one.',
  tag: 'Contacts',
  params: ContactIdPath,
  body: MergeRequest,
  responses: {
    200: ContactMerge,
    202: ContactMerge,
    400: undefined,
    404: undefined,
    409: undefined,
    412: undefined,
  },
} as const satisfies RouteDeclaration;

export const getContactMerge = {
  method: 'GET',
  path: '/contacts/{id}/merges/{fromId}',
  handler: 'lifecycle/handlers/get-contact-merge',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'The merge of contact fromId into this one: its state and what has been relinked so far.',
  tag: 'Contacts',
  params: MergePath,
  responses: { 200: ContactMerge, 404: undefined },
} as const satisfies RouteDeclaration;

export const accountDuplicates = {
  method: 'GET',
  path: '/accounts/{id}/duplicates',
  handler: 'lifecycle/handlers/get-account-duplicates',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    'Likely duplicates of an account: accounts with the same normalised name or a contact of the same company e-mail domain, best first, from an index.',
  tag: 'Accounts',
  params: AccountPath,
  query: DuplicatesQuery,
  responses: { 200: duplicates(Account, 'AccountDuplicates'), 404: undefined },
} as const satisfies RouteDeclaration;

export const contactDuplicates = {
  method: 'GET',
  path: '/contacts/{id}/duplicates',
  handler: 'lifecycle/handlers/get-contact-duplicates',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    'Likely duplicates of a contact: contacts with the same normalised name, phone number or mailbox, in any account you see, best first, from an index.',
  tag: 'Contacts',
  params: ContactIdPath,
  query: DuplicatesQuery,
  responses: { 200: duplicates(Contact, 'ContactDuplicates'), 404: undefined },
} as const satisfies RouteDeclaration;

export const exportContact = {
  method: 'GET',
  path: '/contacts/{id}/export',
  handler: 'lifecycle/handlers/export-contact',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary:
    'Everything held about a person as one JSON document: the contact, its interactions, tickets, surveys, tasks, form submissions, mails and history.',
  tag: 'Contacts',
  params: ContactIdPath,
  responses: { 200: PersonExport, 404: undefined },
} as const satisfies RouteDeclaration;

export const eraseContact = {
  method: 'POST',
  path: '/contacts/{id}/erase',
  handler: 'lifecycle/handlers/erase-contact',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Erase a person: their data removed or made anonymous wherever it lives (contact, interaction texts, submissions, tickets, surveys, mails, tasks, history), their addresses freed, the erasure recorded. Asked again, the same erasure answers.',
  tag: 'Contacts',
  params: ContactIdPath,
  responses: { 200: Erasure, 404: undefined, 409: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  deleteAccount,
  getAccountDeletion,
  mergeAccount,
  getAccountMerge,
  mergeContact,
  getContactMerge,
  accountDuplicates,
  contactDuplicates,
  exportContact,
  eraseContact,
] as const satisfies readonly RouteDeclaration[];
