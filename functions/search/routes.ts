// The search area's route: find anything as you type.
import type { RouteDeclaration } from '../platform/declarations.ts';
import { SearchQuery, SearchResults } from './search.ts';

export const search = {
  method: 'GET',
  path: '/search',
  handler: 'search/handlers/search',
  auth: 'user',
  roles: ['admin', 'sales', 'service'],
  table: 'read',
  summary:
    'Find accounts, contacts, deals and tickets by prefixes of their words (names, e-mail, phone digits, titles, problems, tags), ranked: whole words, then names, then the most recent; only what you may see.',
  tag: 'Search',
  query: SearchQuery,
  responses: { 200: SearchResults },
} as const satisfies RouteDeclaration;

export const ROUTES = [search] as const;
