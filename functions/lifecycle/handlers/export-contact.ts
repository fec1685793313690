// GET /contacts/{id}/export (admin) → 200: everything held about the person, as one JSON document | 404.
import { httpHandler, json } from '../../platform/http.ts';
import { exportPerson } from '../person-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.exportContact, async ({ params }) =>
  json(200, await exportPerson(params.id, new Date()), {
    'Content-Disposition': `attachment; filename="contact-${params.id}.json"`,
  }),
);
