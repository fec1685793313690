// GET /accounts?lifecycleStage=&ownerId=&relationship=&limit=&cursor= → { items, nextCursor }, from an index.

import { httpHandler, json } from '../../platform/http.ts';
import { AccountListQuery } from '../account.ts';
import { listAccounts } from '../account-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listAccounts, async ({ query }) =>
  json(200, await listAccounts(query)),
);
