// PUT /quotas/{ownerId}/{period}/{start} → 201 (made) | 200 (replaced), + ETag. The owner is an active sales
// member (400 naming ownerId otherwise); a stale If-Match → 412.
import { httpHandler, versioned } from '../../platform/http.ts';
import { assertMembers } from '../../team/services.ts';
import { putQuota } from '../quota-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.putQuota, async ({ params, body, ifMatch }) => {
  await assertMembers([{ path: 'path.ownerId', id: params.ownerId, role: 'sales' }]);
  const { record, created } = await putQuota(params, body, ifMatch, new Date());
  const location = `/quotas/${encodeURIComponent(record.ownerId)}/${record.period}/${record.start}`;
  return created ? versioned(201, record, { Location: location }) : versioned(200, record);
});
