// The work area's routes, assembled with the other areas' into the one list both runtimes read (app/routes.ts).
import type { RouteDeclaration } from '../platform/declarations.ts';
import { HistoryEntry, HistoryQuery } from '../platform/history.ts';
import { Task, TaskCreate, TaskListQuery, TaskPatch, TaskPath } from './task.ts';

export const createTask = {
  method: 'POST',
  path: '/tasks',
  handler: 'work/handlers/create-task',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary: 'Create a task: title, assignee, due time, links to an account/deal/ticket/order, a checklist.',
  tag: 'Tasks',
  body: TaskCreate,
  headers: ['Idempotency-Key'],
  responses: { 201: Task },
} as const satisfies RouteDeclaration;

export const listTasks = {
  method: 'GET',
  path: '/tasks',
  handler: 'work/handlers/list-tasks',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Tasks by assignee and/or status, due soonest first, optionally only those due before a time.',
  tag: 'Tasks',
  query: TaskListQuery,
  responses: { 200: Task },
} as const satisfies RouteDeclaration;

export const getTask = {
  method: 'GET',
  path: '/tasks/{id}',
  handler: 'work/handlers/get-task',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary: 'Read one task.',
  tag: 'Tasks',
  params: TaskPath,
  responses: { 200: Task, 404: undefined },
} as const satisfies RouteDeclaration;

export const updateTask = {
  method: 'PATCH',
  path: '/tasks/{id}',
  handler: 'work/handlers/update-task',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary: 'Change a task: title, assignee, due time, checklist, status (open, done, cancelled).',
  tag: 'Tasks',
  params: TaskPath,
  body: TaskPatch,
  headers: ['If-Match'],
  responses: { 200: Task, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const deleteTask = {
  method: 'DELETE',
  path: '/tasks/{id}',
  handler: 'work/handlers/delete-task',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'write',
  summary: 'Remove a task (with If-Match, only if it is still at that version).',
  tag: 'Tasks',
  params: TaskPath,
  headers: ['If-Match'],
  responses: { 204: undefined, 404: undefined, 412: undefined },
} as const satisfies RouteDeclaration;

export const getTaskHistory = {
  method: 'GET',
  path: '/tasks/{id}/history',
  handler: 'work/handlers/get-task-history',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    "The history of a task, newest first: each change's time, who made it, and each field before → after.",
  tag: 'Tasks',
  params: TaskPath,
  query: HistoryQuery,
  responses: { 200: HistoryEntry, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createTask,
  listTasks,
  getTask,
  updateTask,
  deleteTask,
  getTaskHistory,
] as const satisfies readonly RouteDeclaration[];
