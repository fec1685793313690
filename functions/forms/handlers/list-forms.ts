// GET /forms?limit=&cursor= → the forms, newest first.

import { httpHandler, json } from '../../platform/http.ts';
import { FormListQuery } from '../form.ts';
import { listForms } from '../form-store.ts';

export const handler = httpHandler({ query: FormListQuery }, async ({ query }) =>
  json(200, await listForms(query)),
);
