// DELETE /quotas/{ownerId}/{period}/{start} → 204 | 404; a stale If-Match → 412. The period's reports made
// before keep the figures they were made with.
import { httpHandler, json } from '../../platform/http.ts';
import { deleteQuota } from '../quota-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.deleteQuota, async ({ params, ifMatch }) => {
  await deleteQuota(params, ifMatch);
  return json(204, undefined);
});
