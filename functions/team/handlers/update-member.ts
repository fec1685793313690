// PATCH /team/{id} → 200 + ETag (admin): rename, change roles or sign-in identity, or (de)activate a member,
// with If-Match only from that version (412); an inactive member signs in no more and gets no new work. An
// admin cannot lock themselves out (409): another admin has to.

import { Conflict } from '../../platform/errors.ts';
import { httpHandler, versioned } from '../../platform/http.ts';
import { updateMember } from '../member-store.ts';
import * as routes from '../routes.ts';

export const handler = httpHandler(routes.updateMember, async ({ params, body, ifMatch, principal }) => {
  if (params.id === principal.memberId) {
    const lockout =
      body.active === false
        ? 'active'
        : body.userId !== undefined
          ? 'userId'
          : body.roles !== undefined && !body.roles.includes('admin')
            ? 'roles'
            : undefined;
    if (lockout !== undefined) {
      throw new Conflict('You cannot take away your own access; ask another admin.', [
        { path: lockout, message: 'Would lock you out of the team.' },
      ]);
    }
  }
  return versioned(200, await updateMember(params.id, body, new Date(), ifMatch));
});
