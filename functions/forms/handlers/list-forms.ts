// GET /forms?limit=&cursor= → the forms, newest first.

import { httpHandler, json } from '../../platform/http.ts';
import { listForms } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.listForms, async ({ query }) => json(200, await listForms(query)));
