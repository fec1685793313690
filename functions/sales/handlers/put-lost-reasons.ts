// PUT /lost-reasons → 200 + ETag: the whole list replaced; a stale If-Match → 412. Deals lost earlier keep
// their codes (the report names a code no longer on the list by the code itself).
import { httpHandler, versioned } from '../../platform/http.ts';
import { putLostReasons } from '../lost-reason-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.putLostReasons, async ({ body, ifMatch }) => {
  const { record } = await putLostReasons(body, ifMatch, new Date());
  return versioned(200, record);
});
