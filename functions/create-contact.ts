// POST /accounts/{id}/contacts → 201; an e-mail address already in the CRM → 409 naming its contact.
import { AccountPath } from './domain/account.ts';
import { ContactCreate, newContact } from './domain/contact.ts';
import { contactCreateItems, contactCreateRefused } from './domain/contact-store.ts';
import { createOnce, idempotencyOf } from './domain/store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler(
  { params: AccountPath, body: ContactCreate },
  async ({ params, body, principal, header }) => {
    const route = `POST /accounts/${params.id}/contacts`;
    const idempotency = idempotencyOf(principal, header('idempotency-key'), route, body);
    const contact = newContact(params.id, body, new Date());
    return createOnce(
      contactCreateItems(contact),
      json(201, contact, { Location: `/accounts/${params.id}/contacts/${contact.id}` }),
      idempotency,
      contactCreateRefused(contact),
    );
  },
);
