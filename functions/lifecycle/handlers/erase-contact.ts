// POST /contacts/{id}/erase (admin) → 200 with the erasure (who, when, how many records; no personal data):
// the person's data removed or made anonymous everywhere it lives. Asked again, the same erasure | 404.
import { httpHandler, json } from '../../platform/http.ts';
import { erasePerson } from '../person-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.eraseContact, async ({ params }) =>
  json(200, await erasePerson(params.id, new Date())),
);
