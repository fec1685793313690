// GET /contacts/{id} → 200 + ETag | 301 to the survivor when it was merged | 404 (also for a contact of someone else's account under `own` visibility).

import { NotFound } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { orMerged } from '../../platform/merged.ts';
import { seesAccount } from '../account-store.ts';
import { contactById } from '../contact-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.getContactById, async ({ params, principal }) => {
  const contact = await contactById(params.id).catch((error: unknown) =>
    orMerged(
      error,
      params.id,
      (into) => `/contacts/${into}`,
      async (into) => {
        const survivor = await contactById(into).catch((missing: unknown) => {
          if (missing instanceof NotFound) return undefined;
          throw missing;
        });
        return survivor !== undefined && (await seesAccount(principal, survivor.accountId));
      },
    ),
  );
  if (!(await seesAccount(principal, contact.accountId))) throw new NotFound('Contact', params.id);
  return versioned(200, contact);
});
