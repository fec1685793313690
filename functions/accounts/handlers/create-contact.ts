// POST /accounts/{id}/contacts → 201; an e-mail address already in the CRM → 409 naming its contact.

import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { guardAccount, seesAccount } from '../account-store.ts';
import { newContact } from '../contact.ts';
import {
  contactCreateItems,
  contactCreateRefused,
  EmailTaken,
  emailTakenElsewhere,
} from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createContact, async ({ params, body, principal, header }) => {
  await guardAccount(principal, params.id);
  const route = `POST /accounts/${params.id}/contacts`;
  const idempotency = idempotencyOf(principal, header('idempotency-key'), route, body);
  const contact = newContact(params.id, body, new Date());
  const { record, replayed } = await createOnce(
    contactCreateItems(contact),
    contact,
    idempotency,
    contactCreateRefused(contact),
  ).catch(async (error: unknown) => {
    // The other contact is named only to a caller who sees its account.
    if (error instanceof EmailTaken && !(await seesAccount(principal, error.accountId))) {
      throw emailTakenElsewhere();
    }
    throw error;
  });
  return created(record, `/accounts/${params.id}/contacts/${record.id}`, replayed);
});
