// GET /search?q=&types=&limit=&cursor=&… → 200 {items: ranked hits, nextCursor} | 400 naming the field (a query
// without a word of two letters or digits among them). Only what the caller may see.
import { httpHandler, json } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { search } from '../search-service.ts';

export const handler = httpHandler(routes.search, async ({ query, principal }) =>
  json(200, await search(principal, query)),
);
