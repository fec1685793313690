// The accounts area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).
import type { RouteDeclaration } from '../platform/declarations.ts';
import { HistoryEntry, HistoryQuery } from '../platform/history.ts';
import { Account, AccountCreate, AccountListQuery, AccountPatch, AccountPath } from './account.ts';
import {
  Contact,
  ContactCreate,
  ContactIdPath,
  ContactListQuery,
  ContactPatch,
  ContactPath,
  ContactSearchQuery,
} from './contact.ts';
import {
  Interaction,
  InteractionCreate,
  InteractionListQuery,
  InteractionPatch,
  InteractionPath,
} from './interaction.ts';

export const createAccount = {
  method: 'POST',
  path: '/accounts',
  handler: 'accounts/handlers/create-account',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'write',
  summary: 'Create an account (client or customer, internal or external).',
  tag: 'Accounts',
  body: AccountCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Account, 400: undefined, 422: undefined },
} as const satisfies RouteDeclaration;

export const listAccounts = {
  method: 'GET',
  path: '/accounts',
  handler: 'accounts/handlers/list-accounts',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    'List accounts, newest first, by lifecycle stage, owner, relationship, audience, tag and/or account manager.',
  tag: 'Accounts',
  query: AccountListQuery,
  responses: { 200: Account },
} as const satisfies RouteDeclaration;

export const getAccount = {
  method: 'GET',
  path: '/accounts/{id}',
  handler: 'accounts/handlers/get-account',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one account.',
  tag: 'Accounts',
  params: AccountPath,
  responses: { 200: Account, 301: undefined, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateAccount = {
  method: 'PATCH',
  path: '/accounts/{id}',
  handler: 'accounts/handlers/update-account',
  auth: 'user',
  roles: ['admin', 'sales'],
  table: 'write',
  summary: 'Change an account; with If-Match, only if it is still at that version.',
  tag: 'Accounts',
  params: AccountPath,
  body: AccountPatch,
  headers: ['If-Match'],
  responses: { 200: Account, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const createContact = {
  method: 'POST',
  path: '/accounts/{id}/contacts',
  handler: 'accounts/handlers/create-contact',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary: 'Add a contact to an account; the e-mail address must be new to the CRM.',
  tag: 'Contacts',
  params: AccountPath,
  body: ContactCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Contact, 404: undefined, 409: undefined },
} as const satisfies RouteDeclaration;

export const listAccountContacts = {
  method: 'GET',
  path: '/accounts/{id}/contacts',
  handler: 'accounts/handlers/list-account-contacts',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: "An account's contacts.",
  tag: 'Contacts',
  params: AccountPath,
  query: ContactListQuery,
  responses: { 200: Contact, 404: undefined },
} as const satisfies RouteDeclaration;

export const getContact = {
  method: 'GET',
  path: '/accounts/{id}/contacts/{contactId}',
  handler: 'accounts/handlers/get-contact',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one contact of an account.',
  tag: 'Contacts',
  params: ContactPath,
  responses: { 200: Contact, 404: undefined },
} as const satisfies RouteDeclaration;

export const findContacts = {
  method: 'GET',
  path: '/contacts',
  handler: 'accounts/handlers/find-contacts',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Find a contact by e-mail address (case and surrounding space ignored).',
  tag: 'Contacts',
  query: ContactSearchQuery,
  responses: { 200: Contact },
} as const satisfies RouteDeclaration;

export const getContactById = {
  method: 'GET',
  path: '/contacts/{id}',
  handler: 'accounts/handlers/get-contact-by-id',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one contact by its id, with its version as the ETag.',
  tag: 'Contacts',
  params: ContactIdPath,
  responses: { 200: Contact, 301: undefined, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateContact = {
  method: 'PATCH',
  path: '/contacts/{id}',
  handler: 'accounts/handlers/update-contact',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary:
    'Change a contact (a new e-mail address takes its claim along, or 409 naming who has it); with If-Match, only if it is still at that version.',
  tag: 'Contacts',
  params: ContactIdPath,
  body: ContactPatch,
  headers: ['If-Match'],
  responses: { 200: Contact, 404: undefined, 409: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const deleteContact = {
  method: 'DELETE',
  path: '/contacts/{id}',
  handler: 'accounts/handlers/delete-contact',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary:
    'Remove a contact and free its e-mail address; what was logged with the person stays on the account. With If-Match, only if it is still at that version.',
  tag: 'Contacts',
  params: ContactIdPath,
  headers: ['If-Match'],
  responses: { 204: undefined, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const logInteraction = {
  method: 'POST',
  path: '/accounts/{id}/interactions',
  handler: 'accounts/handlers/log-interaction',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary: "Log an interaction on an account's timeline.",
  tag: 'Interactions',
  params: AccountPath,
  body: InteractionCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Interaction, 404: undefined },
} as const satisfies RouteDeclaration;

export const listInteractions = {
  method: 'GET',
  path: '/accounts/{id}/interactions',
  handler: 'accounts/handlers/list-interactions',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: "The account's timeline, newest first.",
  tag: 'Interactions',
  params: AccountPath,
  query: InteractionListQuery,
  responses: { 200: Interaction, 404: undefined },
} as const satisfies RouteDeclaration;

export const getInteraction = {
  method: 'GET',
  path: '/accounts/{id}/interactions/{interactionId}',
  handler: 'accounts/handlers/get-interaction',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one interaction of an account.',
  tag: 'Interactions',
  params: InteractionPath,
  responses: { 200: Interaction, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateInteraction = {
  method: 'PATCH',
  path: '/accounts/{id}/interactions/{interactionId}',
  handler: 'accounts/handlers/update-interaction',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary:
    'Change what an interaction says or who it was with (when, category, direction, duration and ticket stay as logged); with If-Match, only if it is still at that version.',
  tag: 'Interactions',
  params: InteractionPath,
  body: InteractionPatch,
  headers: ['If-Match'],
  responses: { 200: Interaction, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const deleteInteraction = {
  method: 'DELETE',
  path: '/accounts/{id}/interactions/{interactionId}',
  handler: 'accounts/handlers/delete-interaction',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary:
    "Remove an interaction from the account's timeline; reports of past days keep what they counted. With If-Match, only if it is still at that version.",
  tag: 'Interactions',
  params: InteractionPath,
  headers: ['If-Match'],
  responses: { 204: undefined, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const getAccountHistory = {
  method: 'GET',
  path: '/accounts/{id}/history',
  handler: 'accounts/handlers/get-account-history',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    "The history of an account, newest first: each change's time, who made it, and each field before → after.",
  tag: 'Accounts',
  params: AccountPath,
  query: HistoryQuery,
  responses: { 200: HistoryEntry, 404: undefined },
} as const satisfies RouteDeclaration;

export const getContactHistory = {
  method: 'GET',
  path: '/contacts/{id}/history',
  handler: 'accounts/handlers/get-contact-history',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    "The history of a contact, newest first: each change's time, who made it, and each field before → after.",
  tag: 'Contacts',
  params: ContactIdPath,
  query: HistoryQuery,
  responses: { 200: HistoryEntry, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createAccount,
  listAccounts,
  getAccount,
  updateAccount,
  createContact,
  listAccountContacts,
  getContact,
  findContacts,
  getContactById,
  updateContact,
  deleteContact,
  logInteraction,
  listInteractions,
  getInteraction,
  updateInteraction,
  deleteInteraction,
  getAccountHistory,
  getContactHistory,
] as const satisfies readonly RouteDeclaration[];
