// GET /quotas/{ownerId}/{period}/{start} → 200 + ETag | 404.
import { httpHandler, versioned } from '../../platform/http.ts';
import { getQuota } from '../quota-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getQuota, async ({ params }) =>
  versioned(200, await getQuota(params)),
);
