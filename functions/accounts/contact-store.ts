// Contact reads and writes. The e-mail claim (EMAIL#…) is written in the same transaction as the contact —
// when it is made and when its address changes — so two racing writes of one address cannot both succeed.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { Conflict, NotFound, Stale } from '../platform/errors.ts';
import {
  deleteVersioned,
  locate,
  putNew,
  type TransactItem,
  TransactionRefused,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { accountRefusal, listUnderAccount, liveAccount } from './account-store.ts';
import {
  type Contact,
  type ContactListQuery,
  type ContactPatch,
  normaliseEmail,
  toContact,
} from './contact.ts';
import { CONTACT_PREFIX, contactKey, contacts, emailClaimItem, emailClaimKey } from './entity.ts';

/** The items creating a contact writes: the account must exist, the e-mail claim, the contact. */
export function contactCreateItems(contact: Contact): TransactItem[] {
  const claim = contact.email === undefined ? [] : [putNew(emailClaimItem(contact.email, contact), true)];
  return [liveAccount(contact.accountId), ...claim, putNew(contacts.item(contact))];
}

/**
 * A transaction item that holds while the contact exists and is not being merged into another: what a record
 * naming a contact is written with, so nothing new names a contact its merge has passed.
 */
export const liveContact = (accountId: string, contactId: string): TransactItem => ({
  ConditionCheck: {
    TableName: TABLE_NAME,
    Key: contactKey(accountId, contactId),
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergingInto)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

/** Why liveContact refused, from the item it returned: none (404), or being merged (409, naming the survivor). */
export function contactRefusal(
  accountId: string,
  contactId: string,
  item: Record<string, unknown> | undefined,
  path = 'contactId',
): Error {
  const into = item?.mergingInto;
  return typeof into === 'string'
    ? new Conflict(`Contact ${contactId} is being merged into ${into}: name that one.`, [
        { path, message: `Being merged into ${into}.` },
      ])
    : new NotFound(`Contact (of account ${accountId})`, contactId);
}

/** GET one contact of an account. */
export async function getContact(accountId: string, contactId: string, consistent = false): Promise<Contact> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: contactKey(accountId, contactId),
      ConsistentRead: consistent,
    }),
  );
  // (A contact moved by a merge leaves a stub behind, which is no contact.)
  if (Item === undefined || Item.type !== 'Contact')
    throw new NotFound(`Contact (of account ${accountId})`, contactId);
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
    if (refused.failedAt(0)) return accountRefusal(contact.accountId, refused.items[0]);
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

/** A contact by its id alone, wherever its account is (the type index; then the item itself, consistently). */
export async function contactById(id: string): Promise<Contact> {
  const found = await locate(contacts.indexes.all.type, id);
  if (found === undefined) throw new NotFound('Contact', id);
  return getContact(String(found.accountId), id, true);
}

/**
 * Change a contact on the version read (a lost race reads again; with If-Match, only from that version). A new
 * e-mail address claims itself and frees the old one in the same transaction as the contact, so of two changes
 * racing to one address one wins and the other is a 409 naming the contact that has it.
 */
export async function updateContact(
  id: string,
  patch: ContactPatch,
  ifMatch: number | undefined,
  now: Date,
  guard: (current: Contact) => Promise<void> | void,
): Promise<Contact> {
  const { accountId } = await contactById(id);
  try {
    return await updateVersioned<Contact>({
      what: `Contact ${id}`,
      read: () => getContact(accountId, id, true),
      guard: async (current) => {
        refuseWhileMerging(current);
        await guard(current);
      },
      item: (contact) => contacts.item(contact),
      ifMatch,
      attempts: 10,
      exhausted: () => new Stale(`Contact ${id} changed meanwhile; read it again.`),
      change: (current) => withPatch(current, patch, now),
      with: emailClaimMoves,
    });
  } catch (error) {
    // The new address's claim is the second item (see emailClaimMoves): it is someone else's.
    const claim = error instanceof TransactionRefused && error.failedAt(1) ? error.items[1] : undefined;
    if (patch.email != null && claim !== undefined) {
      throw new EmailTaken(String(claim.contactId), String(claim.accountId));
    }
    throw error;
  }
}

/**
 * Remove a contact and free its e-mail address, in one transaction on the version read (with If-Match, only
 * that version). What was logged with the person (interactions, tickets, deals) stays on the account and keeps
 * naming the contact's id.
 */
export async function deleteContact(
  id: string,
  ifMatch: number | undefined,
  guard: (current: Contact) => Promise<void> | void,
): Promise<Contact> {
  const { accountId } = await contactById(id);
  return deleteVersioned<Contact>({
    what: `Contact ${id}`,
    read: () => getContact(accountId, id, true),
    guard: async (current) => {
      refuseWhileMerging(current, true);
      await guard(current);
    },
    key: (contact) => contactKey(contact.accountId, contact.id),
    with: (contact) => addressesOf(contact).map((address) => releaseEmailClaim(address, contact.id)),
    ifMatch,
  });
}

/** A contact's addresses: its own, and those of contacts merged into it (each claimed by it). */
export const addressesOf = (contact: Pick<Contact, 'email' | 'otherEmails'>) => [
  ...(contact.email === undefined ? [] : [contact.email]),
  ...(contact.otherEmails ?? []),
];

/** A contact being merged into another takes no change and is not removed meanwhile (409). */
function refuseWhileMerging(contact: Contact, removing = false) {
  if (contact.mergingInto !== undefined) {
    throw new Conflict(`Contact ${contact.id} is being merged into ${contact.mergingInto}.`);
  }
  if (removing && (contact.incomingMerges ?? 0) > 0) {
    throw new Conflict(`Contact ${contact.id} is taking in a merged contact; remove it once that is done.`);
  }
}

/** Give up an address's claim, if it is this contact's (an address with no claim left is free already). */
export const releaseEmailClaim = (email: string, contactId: string): TransactItem => ({
  Delete: {
    TableName: TABLE_NAME,
    Key: emailClaimKey(email),
    ConditionExpression: 'attribute_not_exists(pk) OR contactId = :contact',
    ExpressionAttributeValues: { ':contact': contactId },
  },
});

/** An address changed: claim the new one (if any) and give up the old one (if it was this contact's). */
function emailClaimMoves(current: Contact, next: Contact): TransactItem[] {
  if (current.email === next.email) return [];
  return [
    ...(next.email === undefined ? [] : [putNew(emailClaimItem(next.email, next), true)]),
    ...(current.email === undefined ? [] : [releaseEmailClaim(current.email, current.id)]),
  ];
}
