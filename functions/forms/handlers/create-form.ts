// POST /forms → 201: define a web form (lead, support or contact), its fields and who may embed it.

import { created, httpHandler, idempotencyOf } from '../../platform/http.ts';
import { createOnce } from '../../platform/store.ts';
import { newForm } from '../form.ts';
import { formItems } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.createForm, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /forms', body);
  const form = newForm(body, new Date());
  const { record, replayed } = await createOnce(formItems(form), form, idempotency, (refused) => refused);
  return created(record, `/forms/${record.id}`, replayed);
});
