// Contact reads and writes. The e-mail claim (EMAIL#…) is written in the same transaction as the contact,
// so two racing creates with one address cannot both succeed.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { documentClient } from '../shared/clients.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { TABLE_NAME } from '../shared/table.ts';
import { assertAccountExists } from './account-store.ts';
import { type Contact, type ContactListQuery, normaliseEmail, toContact } from './contact.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { accountKey, CONTACT_PREFIX, contactKey, emailClaimKey } from './keys.ts';
import type { TransactItem, TransactionRefused } from './store.ts';

/** The items creating a contact writes: account must exist, e-mail claim, contact. Indexes match. */
export function contactCreateItems(contact: Contact): TransactItem[] {
  const items: TransactItem[] = [
    {
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: accountKey(contact.accountId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
  ];
  if (contact.email !== undefined) {
    items.push({
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...emailClaimKey(contact.email),
          type: 'EmailClaim',
          accountId: contact.accountId,
          contactId: contact.id,
          createdAt: contact.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  }
  items.push({
    Put: {
      TableName: TABLE_NAME,
      Item: { ...contactKey(contact.accountId, contact.id), type: 'Contact', ...contact },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  return items;
}

export function contactCreateRefused(contact: Contact) {
  return (refused: TransactionRefused): Error => {
    if (refused.failedAt(0)) return new NotFound('Account', contact.accountId);
    const claim = refused.items[1];
    if (contact.email !== undefined && refused.failedAt(1) && claim !== undefined) {
      return new Conflict(
        `A contact with this e-mail already exists: contact ${String(claim.contactId)} of account ${String(claim.accountId)}.`,
        [{ path: 'email', message: `Already used by contact ${String(claim.contactId)}.` }],
      );
    }
    return refused;
  };
}

export async function listContacts(accountId: string, query: z.infer<typeof ContactListQuery>) {
  const [, page] = await Promise.all([
    assertAccountExists(accountId),
    documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': CONTACT_PREFIX },
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk'], { pk: `ACCOUNT#${accountId}` }),
      }),
    ),
  ]);
  return { items: (page.Items ?? []).map(toContact), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

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
