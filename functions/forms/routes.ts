// The forms area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).
import type { RouteDeclaration } from '../platform/declarations.ts';
import {
  EmbedQuery,
  Form,
  FormCreate,
  FormListQuery,
  FormPatch,
  FormPath,
  PublicForm,
  Submission,
  SubmissionListQuery,
} from './form.ts';

export const createForm = {
  method: 'POST',
  path: '/forms',
  handler: 'forms/handlers/create-form',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary: 'Define a web form: kind lead, support or contact; its fields; the sites allowed to embed it.',
  tag: 'Forms',
  body: FormCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Form },
} as const satisfies RouteDeclaration;

export const listForms = {
  method: 'GET',
  path: '/forms',
  handler: 'forms/handlers/list-forms',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary: 'The forms, newest first.',
  tag: 'Forms',
  query: FormListQuery,
  responses: { 200: Form },
} as const satisfies RouteDeclaration;

export const getForm = {
  method: 'GET',
  path: '/forms/{id}',
  handler: 'forms/handlers/get-form',
  auth: 'public',
  table: 'read',
  summary: 'What a page needs to render the form, and where to post it.',
  tag: 'Forms',
  params: FormPath,
  responses: { 200: PublicForm, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateForm = {
  method: 'PATCH',
  path: '/forms/{id}',
  handler: 'forms/handlers/update-form',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Change a form (all but its kind): a new version, checked whole as a new form is; with If-Match, only if it is still at that version.',
  tag: 'Forms',
  params: FormPath,
  body: FormPatch,
  headers: ['If-Match'],
  responses: { 200: Form, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const deleteForm = {
  method: 'DELETE',
  path: '/forms/{id}',
  handler: 'forms/handlers/delete-form',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Remove a form: it takes no more submissions (its page and endpoint answer 404); what it was sent stays, and is still processed. With If-Match, only if it is still at that version.',
  tag: 'Forms',
  params: FormPath,
  headers: ['If-Match'],
  responses: { 204: undefined, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const formEmbed = {
  method: 'GET',
  path: '/forms/{id}/embed',
  handler: 'forms/handlers/form-embed',
  auth: 'public',
  table: 'read',
  summary: 'The form as a complete, accessible HTML page that works without JavaScript.',
  tag: 'Forms',
  params: FormPath,
  query: EmbedQuery,
  html: true,
  responses: { 200: undefined, 404: undefined },
} as const satisfies RouteDeclaration;

export const submitForm = {
  method: 'POST',
  path: '/forms/{id}/submissions',
  handler: 'forms/handlers/submit-form',
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
} as const satisfies RouteDeclaration;

export const formPreflight = {
  method: 'OPTIONS',
  path: '/forms/{id}/submissions',
  handler: 'forms/handlers/form-preflight',
  auth: 'public',
  table: 'read',
  summary: "CORS preflight: answered for the form's allowed origins, 403 for others.",
  tag: 'Forms',
  params: FormPath,
  responses: { 204: undefined, 403: undefined },
} as const satisfies RouteDeclaration;

export const listSubmissions = {
  method: 'GET',
  path: '/forms/{id}/submissions',
  handler: 'forms/handlers/list-submissions',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary: 'The submissions of a form, newest first, with their processing state and what each produced.',
  tag: 'Forms',
  params: FormPath,
  query: SubmissionListQuery,
  responses: { 200: Submission, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createForm,
  listForms,
  getForm,
  updateForm,
  deleteForm,
  formEmbed,
  submitForm,
  formPreflight,
  listSubmissions,
] as const satisfies readonly RouteDeclaration[];
