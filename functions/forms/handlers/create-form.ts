// POST /forms → 201: define a web form (lead, support or contact), its fields and who may embed it.

import { httpHandler, json } from '../../platform/http.ts';
import { createOnce, idempotencyOf } from '../../platform/store.ts';
import { FormCreate, newForm } from '../form.ts';
import { formItems } from '../form-store.ts';

export const handler = httpHandler({ body: FormCreate }, async ({ body, principal, header }) => {
  const idempotency = idempotencyOf(principal, header('idempotency-key'), 'POST /forms', body);
  const form = newForm(body, new Date());
  return createOnce(
    formItems(form),
    json(201, form, { Location: `/forms/${form.id}` }),
    idempotency,
    (refused) => refused,
  );
});
