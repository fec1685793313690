// The HTTP API, declared once: the CDK stack makes an API Gateway method + Lambda per route, the local
// gateway serves the same list, and /openapi.json is generated from it and the schemas that validate requests.
import type { $ZodType } from 'zod/v4/core';
import {
  Account,
  AccountCreate,
  AccountListQuery,
  AccountPatch,
  AccountPath,
} from '../functions/domain/account.ts';
import {
  Contact,
  ContactCreate,
  ContactListQuery,
  ContactPath,
  ContactSearchQuery,
} from '../functions/domain/contact.ts';
import {
  Form,
  FormCreate,
  FormListQuery,
  FormPath,
  PublicForm,
  Submission,
  SubmissionListQuery,
} from '../functions/domain/form.ts';
import {
  Interaction,
  InteractionCreate,
  InteractionListQuery,
  InteractionPath,
} from '../functions/domain/interaction.ts';
import {
  Member,
  MemberCreate,
  MemberListQuery,
  MemberPatch,
  MemberPath,
} from '../functions/domain/member.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

/** What a handler may do to the table; the stack grants exactly this. */
export type TableAccess = 'none' | 'read' | 'write' | 'describe';

export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  /** File under functions/ (without .ts) whose `handler` export serves the route. */
  readonly handler: string;
  /** `user`: a signed-in user (Cognito in AWS, a locally signed JWT on a laptop). */
  readonly auth: 'public' | 'user';
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
}

export const ROUTES = [
  {
    method: 'GET',
    path: '/health',
    handler: 'health',
    auth: 'public',
    table: 'describe',
    summary: 'Liveness of the API, the table and the change stream.',
    tag: 'Operations',
    responses: { 200: undefined, 503: undefined },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: 'openapi',
    auth: 'public',
    table: 'none',
    summary: 'This document.',
    tag: 'Operations',
    responses: { 200: undefined },
  },
  {
    method: 'POST',
    path: '/accounts',
    handler: 'create-account',
    auth: 'user',
    table: 'write',
    summary: 'Create an account (client or customer, internal or external).',
    tag: 'Accounts',
    body: AccountCreate,
    headers: ['Idempotency-Key'],
    responses: { 201: Account, 400: undefined, 422: undefined },
  },
  {
    method: 'GET',
    path: '/accounts',
    handler: 'list-accounts',
    auth: 'user',
    table: 'read',
    summary: 'List accounts, newest first, by lifecycle stage, owner and/or relationship.',
    tag: 'Accounts',
    query: AccountListQuery,
    responses: { 200: Account },
  },
  {
    method: 'GET',
    path: '/accounts/{id}',
    handler: 'get-account',
    auth: 'user',
    table: 'read',
    summary: 'Read one account.',
    tag: 'Accounts',
    params: AccountPath,
    responses: { 200: Account, 404: undefined },
  },
  {
    method: 'PATCH',
    path: '/accounts/{id}',
    handler: 'update-account',
    auth: 'user',
    table: 'write',
    summary: 'Change an account; with If-Match, only if it is still at that version.',
    tag: 'Accounts',
    params: AccountPath,
    body: AccountPatch,
    headers: ['If-Match'],
    responses: { 200: Account, 404: undefined, 412: undefined },
  },
  {
    method: 'POST',
    path: '/accounts/{id}/contacts',
    handler: 'create-contact',
    auth: 'user',
    table: 'write',
    summary: 'Add a contact to an account; the e-mail address must be new to the CRM.',
    tag: 'Contacts',
    params: AccountPath,
    body: ContactCreate,
    headers: ['Idempotency-Key'],
    responses: { 201: Contact, 404: undefined, 409: undefined },
  },
  {
    method: 'GET',
    path: '/accounts/{id}/contacts',
    handler: 'list-account-contacts',
    auth: 'user',
    table: 'read',
    summary: "An account's contacts.",
    tag: 'Contacts',
    params: AccountPath,
    query: ContactListQuery,
    responses: { 200: Contact, 404: undefined },
  },
  {
    method: 'GET',
    path: '/accounts/{id}/contacts/{contactId}',
    handler: 'get-contact',
    auth: 'user',
    table: 'read',
    summary: 'Read one contact of an account.',
    tag: 'Contacts',
    params: ContactPath,
    responses: { 200: Contact, 404: undefined },
  },
  {
    method: 'GET',
    path: '/contacts',
    handler: 'find-contacts',
    auth: 'user',
    table: 'read',
    summary: 'Find a contact by e-mail address (case and surrounding space ignored).',
    tag: 'Contacts',
    query: ContactSearchQuery,
    responses: { 200: Contact },
  },
  {
    method: 'POST',
    path: '/accounts/{id}/interactions',
    handler: 'log-interaction',
    auth: 'user',
    table: 'write',
    summary: "Log an interaction on an account's timeline.",
    tag: 'Interactions',
    params: AccountPath,
    body: InteractionCreate,
    headers: ['Idempotency-Key'],
    responses: { 201: Interaction, 404: undefined },
  },
  {
    method: 'GET',
    path: '/accounts/{id}/interactions',
    handler: 'list-interactions',
    auth: 'user',
    table: 'read',
    summary: "The account's timeline, newest first.",
    tag: 'Interactions',
    params: AccountPath,
    query: InteractionListQuery,
    responses: { 200: Interaction, 404: undefined },
  },
  {
    method: 'GET',
    path: '/accounts/{id}/interactions/{interactionId}',
    handler: 'get-interaction',
    auth: 'user',
    table: 'read',
    summary: 'Read one interaction of an account.',
    tag: 'Interactions',
    params: InteractionPath,
    responses: { 200: Interaction, 404: undefined },
  },
  {
    method: 'POST',
    path: '/team',
    handler: 'create-member',
    auth: 'user',
    table: 'write',
    summary: 'Add a team member (roles sales and/or service); assignment picks active members in turn.',
    tag: 'Team',
    body: MemberCreate,
    headers: ['Idempotency-Key'],
    responses: { 201: Member, 409: undefined },
  },
  {
    method: 'GET',
    path: '/team',
    handler: 'list-members',
    auth: 'user',
    table: 'read',
    summary: 'The team.',
    tag: 'Team',
    query: MemberListQuery,
    responses: { 200: Member },
  },
  {
    method: 'PATCH',
    path: '/team/{id}',
    handler: 'update-member',
    auth: 'user',
    table: 'write',
    summary: 'Rename a member, change their roles, or make them (in)active.',
    tag: 'Team',
    params: MemberPath,
    body: MemberPatch,
    responses: { 200: Member, 404: undefined },
  },
  {
    method: 'POST',
    path: '/forms',
    handler: 'create-form',
    auth: 'user',
    table: 'write',
    summary: 'Define a web form: kind lead, support or contact; its fields; the sites allowed to embed it.',
    tag: 'Forms',
    body: FormCreate,
    headers: ['Idempotency-Key'],
    responses: { 201: Form },
  },
  {
    method: 'GET',
    path: '/forms',
    handler: 'list-forms',
    auth: 'user',
    table: 'read',
    summary: 'The forms, newest first.',
    tag: 'Forms',
    query: FormListQuery,
    responses: { 200: Form },
  },
  {
    method: 'GET',
    path: '/forms/{id}',
    handler: 'get-form',
    auth: 'public',
    table: 'read',
    summary: 'What a page needs to render the form, and where to post it.',
    tag: 'Forms',
    params: FormPath,
    responses: { 200: PublicForm, 404: undefined },
  },
  {
    method: 'GET',
    path: '/forms/{id}/embed',
    handler: 'form-embed',
    auth: 'public',
    table: 'read',
    summary: 'The form as a complete, accessible HTML page that works without JavaScript.',
    tag: 'Forms',
    params: FormPath,
    html: true,
    responses: { 200: undefined, 404: undefined },
  },
  {
    method: 'POST',
    path: '/forms/{id}/submissions',
    handler: 'submit-form',
    auth: 'public',
    table: 'write',
    summary:
      'Submit the form: JSON → 202 {submissionId}; a browser post → 303 to the thank-you page. Stored once; the automations follow.',
    tag: 'Forms',
    params: FormPath,
    headers: ['Idempotency-Key'],
    bodyTypes: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    rateLimit: { perMinute: 120, burst: 30 },
    responses: {
      202: undefined,
      303: undefined,
      400: undefined,
      403: undefined,
      404: undefined,
      413: undefined,
      415: undefined,
      422: undefined,
      429: undefined,
    },
  },
  {
    method: 'OPTIONS',
    path: '/forms/{id}/submissions',
    handler: 'form-preflight',
    auth: 'public',
    table: 'read',
    summary: "CORS preflight: answered for the form's allowed origins, 403 for others.",
    tag: 'Forms',
    params: FormPath,
    responses: { 204: undefined, 403: undefined },
  },
  {
    method: 'GET',
    path: '/forms/{id}/submissions',
    handler: 'list-submissions',
    auth: 'user',
    table: 'read',
    summary: 'The submissions of a form, newest first, with their processing state and what each produced.',
    tag: 'Forms',
    params: FormPath,
    query: SubmissionListQuery,
    responses: { 200: Submission, 404: undefined },
  },
] as const satisfies readonly RouteDeclaration[];

/** Routes whose 200 answer is a page `{ items, nextCursor }` of the schema given. */
export const isListRoute = (route: RouteDeclaration) => route.method === 'GET' && route.query !== undefined;
