// Contact reads and writes. The e-mail claim (EMAIL#…) is written in the same transaction as the contact,
// so two racing creates with one address cannot both succeed.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { Conflict, NotFound } from '../platform/errors.ts';
import { mustExist, putNew, type TransactItem, type TransactionRefused } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { listUnderAccount } from './account-store.ts';
import { type Contact, type ContactListQuery, normaliseEmail, toContact } from './contact.ts';
import { accountKey, CONTACT_PREFIX, contactKey, contacts, emailClaimItem, emailClaimKey } from './entity.ts';

/** The items creating a contact writes: the account must exist, the e-mail claim, the contact. */
export function contactCreateItems(contact: Contact): TransactItem[] {
  const claim = contact.email === undefined ? [] : [putNew(emailClaimItem(contact.email, contact), true)];
  return [mustExist(accountKey(contact.accountId)), ...claim, putNew(contacts.item(contact))];
}

/** GET one contact of an account. */
export async function getContact(accountId: string, contactId: string): Promise<Contact> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: contactKey(accountId, contactId) }),
  );
  if (Item === undefined) throw new NotFound(`Contact (of account ${accountId})`, contactId);
  return toContact(Item);
}

/** Whether the account has the contact. */
export async function contactExists(accountId: string, contactId: string): Promise<boolean> {
  try {
    await getContact(accountId, contactId);
    return true;
  } catch (error) {
    if (error instanceof NotFound) return false;
    throw error;
  }
}

/** The e-mail is another contact's: which one, for a caller who may see its account. */
export class EmailTaken extends Conflict {
  constructor(
    readonly contactId: string,
    readonly accountId: string,
  ) {
    super(`A contact with this e-mail already exists: contact ${contactId} of account ${accountId}.`, [
      { path: 'email', message: `Already used by contact ${contactId}.` },
    ]);
  }
}

/** The same refusal naming nobody: for a caller who does not see the other contact's account. */
export const emailTakenElsewhere = () =>
  new Conflict('A contact with this e-mail already exists.', [
    { path: 'email', message: 'Already used by another contact.' },
  ]);

export function contactCreateRefused(contact: Contact) {
  return (refused: TransactionRefused): Error => {
    if (refused.failedAt(0)) return new NotFound('Account', contact.accountId);
    const claim = refused.items[1];
    if (contact.email !== undefined && refused.failedAt(1) && claim !== undefined) {
      return new EmailTaken(String(claim.contactId), String(claim.accountId));
    }
    return refused;
  };
}

export const listContacts = (accountId: string, query: ContactListQuery) =>
  listUnderAccount(accountId, CONTACT_PREFIX, query, toContact, false);

/** Look a contact up by e-mail through its claim: two key reads, no index, no scan. */
export async function findContactByEmail(email: string): Promise<Contact | undefined> {
  const { Item: claim } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: emailClaimKey(normaliseEmail(email)) }),
  );
  if (claim === undefined) return undefined;
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: contactKey(String(claim.accountId), String(claim.contactId)),
    }),
  );
  return Item === undefined ? undefined : toContact(Item);
}
