// PATCH /forms/{id} → 200 + ETag (admin): a new version of the form — its name, fields, honeypot, allowed
// origins, redirect, relationship, description or button label — checked whole as a new form is (400 naming
// each problem); its kind stays. A stale If-Match → 412; nothing written either way. Submissions record the
// version they were made against.

import { httpHandler, versioned } from '../../platform/http.ts';
import { updateForm } from '../form-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateForm, async ({ params, body, ifMatch }) =>
  versioned(200, await updateForm(params.id, body, ifMatch, new Date())),
);
