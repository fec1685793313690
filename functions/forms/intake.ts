// What a form submission turns into: the contact (found by e-mail or created with its account), a form
// interaction, and the follow-up work. Every record created here takes the submission's id, and every
// write is conditional on the record not existing yet — so a redelivered or duplicated FormSubmitted
// event finds its work done and changes nothing.

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Account,
  accountIndexSet,
  accountItem,
  accountKey,
  type Contact,
  contacts,
  emailClaimItem,
  emailClaimKey,
  type Interaction,
  interactions,
} from '../accounts/index.ts';
import { currentActor } from '../platform/actor.ts';
import { documentClient } from '../platform/clients.ts';
import { recordOf } from '../platform/entity.ts';
import { putNew, sendIfCondition, TransactionRefused, transact } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import type { Submission } from './form.ts';

const FREE_MAIL =
  /@(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|gmx|web|proton|protonmail|mail|yandex|zoho)\./i;
const INTENT = /\b(quote|pricing|price|buy|purchase|demo|proposal|contract|licen[cs]e|budget)\b/i;

/**
 * Lead score, 0–100 (documented in the README): 10 to start; +20 a company is named; +15 a phone number;
 * +20 the e-mail is on a business domain (not a free-mail provider); +15 a message of 50+ characters;
 * +20 the message shows buying intent (quote, pricing, demo, proposal, budget…).
 */
export function leadScore(values: Submission['values']): number {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  let score = 10;
  if (text('company') !== '') score += 20;
  if (text('phone') !== '') score += 15;
  if (text('email') !== '' && !FREE_MAIL.test(text('email'))) score += 20;
  if (text('message').length >= 50) score += 15;
  if (INTENT.test(text('message')) || INTENT.test(text('problem'))) score += 20;
  return Math.min(100, score);
}

export interface Party {
  readonly accountId: string;
  readonly contactId: string;
  /** The account as it is now (created here or found). */
  readonly account: Account;
}

/**
 * The contact with the submission's e-mail, or a new contact and account made from the submission (ids =
 * the submission's). `newAccount` supplies what only a new account gets (owner, lead score).
 */
export async function findOrCreateParty(
  submission: Submission,
  newAccount: () => Promise<Partial<Pick<Account, 'ownerId' | 'leadScore'>>>,
): Promise<Party> {
  const values = submission.values;
  const email = String(values.email);
  const existing = await claimOf(email);
  if (existing !== undefined) return existing;
  const name =
    typeof values.name === 'string' && values.name !== '' ? values.name : (email.split('@')[0] ?? email);
  const at = submission.receivedAt;
  const account: Account = {
    id: submission.id,
    name: typeof values.company === 'string' && values.company !== '' ? values.company : name,
    relationship: submission.relationship,
    audience: 'external',
    lifecycleStage: 'lead',
    ...(await newAccount()),
    tags: [],
    custom: {},
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const contact: Contact = {
    id: submission.id,
    accountId: account.id,
    name,
    email,
    ...(typeof values.phone === 'string' ? { phone: values.phone } : {}),
    decisionMaker: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  try {
    await transact([
      putNew(accountItem(account)),
      putNew(emailClaimItem(email, contact)),
      putNew(contacts.item(contact)),
    ]);
    return { accountId: account.id, contactId: contact.id, account };
  } catch (error) {
    // Someone (another submission, a person, or this one's earlier delivery) claimed the address first.
    const claimed = await claimOf(email);
    if (claimed !== undefined && error instanceof TransactionRefused) return claimed;
    throw error;
  }
}

async function claimOf(email: string): Promise<Party | undefined> {
  const { Item: claim } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: emailClaimKey(email), ConsistentRead: true }),
  );
  if (claim === undefined) return undefined;
  const { Item: account } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: accountKey(String(claim.accountId)), ConsistentRead: true }),
  );
  if (account === undefined)
    throw new Error(`E-mail claim points at missing account ${String(claim.accountId)}`);
  return {
    accountId: String(claim.accountId),
    contactId: String(claim.contactId),
    account: recordOf<Account>(account),
  };
}

/** Give an ownerless account its owner (never replacing one). */
export async function assignOwnerIfNone(accountId: string, ownerId: string): Promise<void> {
  const indexes = accountIndexSet(accountId, { ownerId });
  await sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: accountKey(accountId),
      UpdateExpression: `SET ownerId = :owner, ${indexes.clauses.join(', ')}, updatedBy = :actor, version = version + :one`,
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ownerId)',
      ExpressionAttributeNames: indexes.names,
      ExpressionAttributeValues: {
        ':owner': ownerId,
        ...indexes.values,
        ':one': 1,
        ':actor': currentActor(),
      },
    }),
  );
}

/** The form interaction on the contact's account timeline (id = the submission's). */
export function formInteraction(
  submission: Submission,
  party: Party,
  category: 'sales' | 'service',
): Interaction {
  const body = Object.entries(submission.values)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
  return {
    id: submission.id,
    accountId: party.accountId,
    channel: 'form',
    direction: 'inbound',
    category,
    subject: `${submission.kind[0]?.toUpperCase()}${submission.kind.slice(1)} form submission`,
    body: body.slice(0, 20_000),
    occurredAt: submission.receivedAt,
    contactId: party.contactId,
    loggedBy: 'automation',
    createdAt: submission.receivedAt,
    version: 1,
  };
}

export const interactionRecord = (interaction: Interaction) => interactions.item(interaction);
