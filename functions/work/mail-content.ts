// What a mail says about the records it is about: their names rather than their ids (read in one BatchGet per
// mail, never a query), and where the reader opens the record in the API.
import { accountKey, contactKey } from '../accounts/index.ts';
import { optionalEnv } from '../platform/env.ts';
import { type ReadTally, readItems } from '../platform/store.ts';

/** The names of what a mail is about (absent: not linked, or no such record any more). */
export interface MailNames {
  readonly account?: string;
  readonly contact?: string;
}

/**
 * The names of the account and the contact `about` links: one BatchGet for both, nothing read when it links
 * neither. `tally.read` grows by the items found.
 */
export async function namesFor(
  about: { readonly accountId?: string | undefined; readonly contactId?: string | undefined },
  tally?: ReadTally,
): Promise<MailNames> {
  const { accountId, contactId } = about;
  // A contact lives under its account: without the account there is no key to read it by.
  if (accountId === undefined) return {};
  const [account, contact] = await readItems([
    accountKey(accountId),
    ...(contactId === undefined ? [] : [contactKey(accountId, contactId)]),
  ]);
  if (tally !== undefined) tally.read += [account, contact].filter((item) => item !== undefined).length;
  const accountName = account?.name;
  const contactName = contact?.name;
  return {
    ...(typeof accountName === 'string' ? { account: accountName } : {}),
    ...(typeof contactName === 'string' ? { contact: contactName } : {}),
  };
}

/** The mail's lines naming its account and contact, those it has a name for. */
export const nameLines = (names: MailNames): string[] => [
  ...(names.account === undefined ? [] : [`Account: ${names.account}`]),
  ...(names.contact === undefined ? [] : [`Contact: ${names.contact}`]),
];

/**
 * The record in the API (`<PUBLIC_API_URL>/tickets/<id>`), for a mail to link to; undefined when the API's
 * public address is not set, and the mail goes without. Read per call: locally the address is known only once
 * the API listens.
 */
function recordLink(collection: 'tasks' | 'tickets', id: string): string | undefined {
  const base = optionalEnv('PUBLIC_API_URL');
  return base === undefined
    ? undefined
    : `${base.replace(/\/+$/, '')}/${collection}/${encodeURIComponent(id)}`;
}

/** The mail's closing lines: a blank line and the link to `collection`/`id`, or nothing without a link. */
export function linkLines(collection: 'tasks' | 'tickets', id: string): string[] {
  const link = recordLink(collection, id);
  return link === undefined ? [] : ['', link];
}
