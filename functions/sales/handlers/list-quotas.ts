// GET /quotas?ownerId=&period=&start=&limit=&cursor= → everyone's quotas for a period, or one owner's.
import { httpHandler, json } from '../../platform/http.ts';
import { listQuotas } from '../quota-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listQuotas, async ({ query }) =>
  json(200, await listQuotas(query)),
);
