// The team area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).
import type { RouteDeclaration } from '../platform/declarations.ts';
import { Member, MemberCreate, MemberListQuery, MemberPatch, MemberPath } from './member.ts';

export const createMember = {
  method: 'POST',
  path: '/team',
  handler: 'team/handlers/create-member',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Add a team member (roles sales, service, admin); assignment picks active sales/service members in turn, admins receive escalations.',
  tag: 'Team',
  body: MemberCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Member, 409: undefined },
} as const satisfies RouteDeclaration;

export const listMembers = {
  method: 'GET',
  path: '/team',
  handler: 'team/handlers/list-members',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'The team.',
  tag: 'Team',
  query: MemberListQuery,
  responses: { 200: Member },
} as const satisfies RouteDeclaration;

export const updateMember = {
  method: 'PATCH',
  path: '/team/{id}',
  handler: 'team/handlers/update-member',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  summary:
    'Rename a member, change their roles, or make them (in)active; with If-Match, only if still at that version.',
  tag: 'Team',
  params: MemberPath,
  body: MemberPatch,
  headers: ['If-Match'],
  responses: { 200: Member, 404: undefined, 409: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createMember,
  listMembers,
  updateMember,
] as const satisfies readonly RouteDeclaration[];
