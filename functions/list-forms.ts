// GET /forms?limit=&cursor= → the forms, newest first.
import { FormListQuery } from './domain/form.ts';
import { listForms } from './domain/form-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler({ query: FormListQuery }, async ({ query }) =>
  json(200, await listForms(query)),
);
