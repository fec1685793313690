// POST /uploads → 201: a new upload's id and where to PUT its file (the file itself never passes the API).
import { ulid } from 'ulid';
import { httpHandler, json } from '../../platform/http.ts';
import * as routes from '../routes.ts';
import { uploadTarget } from '../uploads.ts';

export const handler = httpHandler(routes.createUpload, async () => {
  const id = ulid();
  const target = await uploadTarget(id, new Date());
  // A signed URL is a credential: no cache keeps it.
  return json(201, { id, ...target }, { 'Cache-Control': 'no-store' });
});
