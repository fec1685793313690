// PATCH /accounts/{id} → 200 with version + 1; a stale If-Match → 412 and nothing written.

import { httpHandler, json, parseIfMatch } from '../../platform/http.ts';
import { AccountPatch, AccountPath } from '../account.ts';
import { updateAccount } from '../account-store.ts';

export const handler = httpHandler(
  { params: AccountPath, body: AccountPatch },
  async ({ params, body, header }) => {
    const account = await updateAccount(params.id, body, parseIfMatch(header('if-match')), new Date());
    return json(200, account, { ETag: `"${account.version}"` });
  },
);
