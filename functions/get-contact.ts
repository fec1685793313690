// GET /accounts/{id}/contacts/{contactId} → 200 | 404.
import { ContactPath } from './domain/contact.ts';
import { getContact } from './domain/contact-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ params: ContactPath }, async ({ params }) =>
  json(200, await getContact(params.id, params.contactId)),
);
