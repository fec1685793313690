// POST /forms → 201: define a web form (lead, support or contact), its fields and who may embed it.
import { FormCreate, newForm } from './domain/form.ts';
import { formItems } from './domain/form-store.ts';
import { createOnce, idempotencyOf } from './domain/store.ts';
import { httpHandler, json } from './shared/http.ts';

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
