// The service area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).

import { AccountPath } from '../accounts/index.ts';
import type { RouteDeclaration } from '../platform/declarations.ts';
import { HistoryEntry, HistoryQuery } from '../platform/history.ts';
import { PageQuery } from '../platform/schemas.ts';
import { Survey, SurveyAnswer, SurveyListQuery, SurveyPageQuery, SurveyPath, SurveyView } from './survey.ts';
import { Ticket, TicketCreate, TicketListQuery, TicketPatch, TicketPath } from './ticket.ts';

export const createTicket = {
  method: 'POST',
  path: '/tickets',
  handler: 'service/handlers/create-ticket',
  auth: 'user',
  // Sales too: a client's complaint often reaches their salesperson first, who hands it to service here.
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary: 'Open a ticket on an account (and one of its contacts): product, problem, priority, assignee.',
  tag: 'Tickets',
  body: TicketCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Ticket, 404: undefined },
} as const satisfies RouteDeclaration;

export const listTickets = {
  method: 'GET',
  path: '/tickets',
  handler: 'service/handlers/list-tickets',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    'Tickets by status (urgent first, then oldest), by assignee (optionally of a status), by priority, or all.',
  tag: 'Tickets',
  query: TicketListQuery,
  responses: { 200: Ticket },
} as const satisfies RouteDeclaration;

export const getTicket = {
  method: 'GET',
  path: '/tickets/{id}',
  handler: 'service/handlers/get-ticket',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one ticket.',
  tag: 'Tickets',
  params: TicketPath,
  responses: { 200: Ticket, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateTicket = {
  method: 'PATCH',
  path: '/tickets/{id}',
  handler: 'service/handlers/update-ticket',
  auth: 'user',
  roles: ['admin', 'service'],
  table: 'write',
  summary:
    'Change a ticket or move its status: new → open → pending → resolved → closed; resolved → open reopens.',
  tag: 'Tickets',
  params: TicketPath,
  body: TicketPatch,
  headers: ['If-Match'],
  responses: { 200: Ticket, 404: undefined, 409: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const listAccountTickets = {
  method: 'GET',
  path: '/accounts/{id}/tickets',
  handler: 'service/handlers/list-account-tickets',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: "An account's tickets, newest first.",
  tag: 'Tickets',
  params: AccountPath,
  query: PageQuery,
  responses: { 200: Ticket, 404: undefined },
} as const satisfies RouteDeclaration;

export const listSurveys = {
  method: 'GET',
  path: '/surveys',
  handler: 'service/handlers/list-surveys',
  auth: 'user',
  // Read as tickets are (the answer is on the ticket too); only the customer answers one.
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    'The satisfaction surveys of a ticket (?ticketId=) or of an account (?accountId=), newest resolution first: sent or answered, with the score and comment.',
  tag: 'Surveys',
  query: SurveyListQuery,
  responses: { 200: Survey, 400: undefined, 404: undefined },
} as const satisfies RouteDeclaration;

export const getSurvey = {
  method: 'GET',
  path: '/surveys/{token}',
  handler: 'service/handlers/get-survey',
  auth: 'public',
  table: 'read',
  summary:
    'The satisfaction survey of one ticket resolution, as an accessible page (JSON with Accept: application/json); unknown or tampered link → 404.',
  tag: 'Surveys',
  params: SurveyPath,
  query: SurveyPageQuery,
  html: true,
  rateLimit: { perMinute: 60, burst: 20 },
  responses: { 200: SurveyView, 404: undefined },
} as const satisfies RouteDeclaration;

export const answerSurvey = {
  method: 'POST',
  path: '/surveys/{token}',
  handler: 'service/handlers/answer-survey',
  auth: 'public',
  table: 'write',
  summary:
    'Answer the survey {score 1–5, comment}, once: JSON → 200; a browser post → 303 to the thanks. A second answer → 409.',
  tag: 'Surveys',
  params: SurveyPath,
  body: SurveyAnswer,
  bodyTypes: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
  rateLimit: { perMinute: 30, burst: 10 },
  responses: {
    200: SurveyView,
    303: undefined,
    400: undefined,
    404: undefined,
    409: undefined,
    415: undefined,
  },
} as const satisfies RouteDeclaration;

export const getTicketHistory = {
  method: 'GET',
  path: '/tickets/{id}/history',
  handler: 'service/handlers/get-ticket-history',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    "The history of a ticket, newest first: each change's time, who made it, and each field before → after.",
  tag: 'Tickets',
  params: TicketPath,
  query: HistoryQuery,
  responses: { 200: HistoryEntry, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createTicket,
  listTickets,
  getTicket,
  updateTicket,
  listAccountTickets,
  listSurveys,
  getSurvey,
  answerSurvey,
  getTicketHistory,
] as const satisfies readonly RouteDeclaration[];
