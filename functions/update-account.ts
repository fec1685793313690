// PATCH /accounts/{id} → 200 with version + 1; a stale If-Match → 412 and nothing written.
import { AccountPatch, AccountPath, parseIfMatch } from './domain/account.ts';
import { updateAccount } from './domain/account-store.ts';
import { httpHandler, json } from './shared/http.ts';

export const handler = httpHandler(
  { params: AccountPath, body: AccountPatch },
  async ({ params, body, header }) => {
    const account = await updateAccount(params.id, body, parseIfMatch(header('if-match')), new Date());
    return json(200, account, { ETag: `"${account.version}"` });
  },
);
