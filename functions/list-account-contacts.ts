// GET /accounts/{id}/contacts → { items, nextCursor }.
import { AccountPath } from './domain/account.ts';
import { ContactListQuery } from './domain/contact.ts';
import { listContacts } from './domain/contact-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler(
  { params: AccountPath, query: ContactListQuery },
  async ({ params, query }) => json(200, await listContacts(params.id, query)),
);
