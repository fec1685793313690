// The bulk area's routes (files moving in and out), assembled with the other areas' into the one list both
// runtimes read (app/routes.ts).
import type { RouteDeclaration } from '../platform/declarations.ts';
import {
  Import,
  ImportError,
  ImportErrorQuery,
  ImportOrPreview,
  ImportPath,
  ImportRequest,
} from './import.ts';
import { UploadTargetAnswer } from './upload-api.ts';

export const createUpload = {
  method: 'POST',
  path: '/uploads',
  handler: 'bulk/handlers/create-upload',
  auth: 'user',
  roles: ['admin'],
  // Nothing of the upload is stored; the caller's membership is read on the way in (as on every members' route).
  table: 'read',
  uploads: 'sign',
  summary:
    'A place to upload a CSV file for an import (up to 5 GB): a URL to PUT the file to within 15 minutes, with the headers to send (on AWS a pre-signed S3 URL).',
  tag: 'Imports',
  responses: { 201: UploadTargetAnswer },
} as const satisfies RouteDeclaration;

export const startImport = {
  method: 'POST',
  path: '/imports',
  handler: 'bulk/handlers/start-import',
  auth: 'user',
  roles: ['admin'],
  table: 'write',
  uploads: 'read',
  summary:
    'Import an uploaded contacts file (202; follow it at its Location), once per upload; `dryRun: true` answers the mapping, the first rows as they would be stored and every row error (200), writing nothing.',
  tag: 'Imports',
  body: ImportRequest,
  responses: { 200: ImportOrPreview, 202: Import, 400: undefined, 404: undefined },
} as const satisfies RouteDeclaration;

export const getImport = {
  method: 'GET',
  path: '/imports/{id}',
  handler: 'bulk/handlers/get-import',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary:
    'An import: its state, the mapping used, rows read and done, created, updated, skipped and failed so far.',
  tag: 'Imports',
  params: ImportPath,
  responses: { 200: Import, 404: undefined },
} as const satisfies RouteDeclaration;

export const listImportErrors = {
  method: 'GET',
  path: '/imports/{id}/errors',
  handler: 'bulk/handlers/list-import-errors',
  auth: 'user',
  roles: ['admin'],
  table: 'read',
  summary:
    "An import's row errors in row order (row, column, message), a page at a time; `format=csv` for a spreadsheet (the next page's link in the Link header).",
  tag: 'Imports',
  params: ImportPath,
  query: ImportErrorQuery,
  responses: { 200: ImportError, 404: undefined },
} as const satisfies RouteDeclaration;

export const ROUTES = [
  createUpload,
  startImport,
  getImport,
  listImportErrors,
] as const satisfies readonly RouteDeclaration[];
