// What a form submission turns into: the contact (found by e-mail, added to the account of its company's
// e-mail domain, or created with its account), a form interaction, and the follow-up work. Every record
// created here takes the submission's id, and every write is conditional on the record not existing yet — so
// a redelivered or duplicated FormSubmitted event finds its work done and changes nothing.

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Account,
  accountIndexSet,
  accountKey,
  type Contact,
  contacts,
  emailClaimItem,
  emailClaimKey,
  type Interaction,
  interactions,
} from '../accounts/index.ts';
import { accountCreateItems, liveAccount } from '../accounts/services.ts';
import { currentActor } from '../platform/actor.ts';
import { documentClient } from '../platform/clients.ts';
import { recordOf } from '../platform/entity.ts';
import {
  putNew,
  putOnce,
  readItem,
  sendIfCondition,
  type TransactItem,
  TransactionRefused,
  transact,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { type Task, taskItems, taskKey } from '../work/index.ts';
import { domainClaimItem, domainClaimKey, followUpClaimItem, followUpClaimKey } from './entity.ts';
import type { Submission } from './form.ts';
import { getSubmission } from './form-store.ts';
import { companyDomainOf, domainOf, isFreeMailDomain } from './mail-domains.ts';

const INTENT = /\b(quote|pricing|price|buy|purchase|demo|proposal|contract|licen[cs]e|budget)\b/i;

/**
 * Lead score, 0–100 (documented in the README): 10 to start; +20 a company is named; +15 a phone number;
 * +20 the e-mail is on a business domain (not a free-mail provider: mail-domains.ts); +15 a message of 50+
 * characters; +20 the message shows buying intent (quote, pricing, demo, proposal, budget…).
 */
export function leadScore(values: Submission['values']): number {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  let score = 10;
  if (text('company') !== '') score += 20;
  if (text('phone') !== '') score += 15;
  const domain = domainOf(text('email'));
  if (domain !== undefined && !isFreeMailDomain(domain)) score += 20;
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
 * The contact with the submission's e-mail; else a new contact (id = the submission's) under the account that
 * already has the address's company domain; else a new contact and account made from the submission (ids =
 * the submission's), the account claiming the domain. `newAccount` supplies what only a new account gets
 * (owner, lead score). Racing submissions meet at the claims: of two new addresses at one new domain, one
 * makes the account and the other joins it; of two with one address, one makes the contact.
 */
export async function findOrCreateParty(
  submission: Submission,
  newAccount: () => Promise<Partial<Pick<Account, 'ownerId' | 'leadScore'>>>,
): Promise<Party> {
  const values = submission.values;
  const email = String(values.email);
  const domain = companyDomainOf(email);
  const name =
    typeof values.name === 'string' && values.name !== '' ? values.name : (email.split('@')[0] ?? email);
  const at = submission.receivedAt;
  const contactOn = (accountId: string): Contact => ({
    id: submission.id,
    accountId,
    name,
    email,
    ...(typeof values.phone === 'string' ? { phone: values.phone } : {}),
    decisionMaker: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  for (let attempt = 1; ; attempt++) {
    const existing = await claimOf(email);
    if (existing !== undefined) return existing;
    const joined = domain === undefined ? undefined : await domainAccount(domain);
    if (joined?.account !== undefined) {
      const contact = contactOn(joined.account.id);
      try {
        await transact([
          liveAccount(contact.accountId),
          putNew(emailClaimItem(email, contact)),
          putNew(contacts.item(contact)),
        ]);
        return { accountId: contact.accountId, contactId: contact.id, account: joined.account };
      } catch (error) {
        // The address was claimed meanwhile (this submission's other delivery, another one, or a person).
        const claimed = await claimOf(email);
        if (claimed !== undefined && error instanceof TransactionRefused) return claimed;
        throw error;
      }
    }
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
    const contact = contactOn(account.id);
    // The domain's claim first (its place fixed whatever the account is written with): taken only if free,
    // or if it names an account that is gone.
    const claim =
      domain === undefined ? [] : [claimDomainItem(domain, account.id, at, joined?.staleAccountId)];
    try {
      await transact([
        ...claim,
        ...accountCreateItems(account),
        putNew(emailClaimItem(email, contact)),
        putNew(contacts.item(contact)),
      ]);
      return { accountId: account.id, contactId: contact.id, account };
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      // Someone (another submission, a person, or this one's earlier delivery) claimed the address first.
      const claimed = await claimOf(email);
      if (claimed !== undefined) return claimed;
      // Another submission's account took the domain meanwhile: join it.
      if (claim.length > 0 && error.failedAt(0) && attempt < 3) continue;
      throw error;
    }
  }
}

/** The account a company domain's claim names, or the id of a claimed account that no longer exists. */
async function domainAccount(
  domain: string,
): Promise<{ readonly account?: Account; readonly staleAccountId?: string } | undefined> {
  const claim = await readItem(domainClaimKey(domain));
  if (claim === undefined) return undefined;
  const accountId = String(claim.accountId);
  const account = await readItem(accountKey(accountId));
  return account === undefined ? { staleAccountId: accountId } : { account: recordOf<Account>(account) };
}

/** The domain's claim for `accountId`, if nobody has it (or it names `staleAccountId`, an account gone). */
function claimDomainItem(
  domain: string,
  accountId: string,
  at: string,
  staleAccountId?: string,
): TransactItem {
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: domainClaimItem(domain, accountId, at),
      ConditionExpression:
        staleAccountId === undefined
          ? 'attribute_not_exists(pk)'
          : 'attribute_not_exists(pk) OR accountId = :stale',
      ...(staleAccountId === undefined ? {} : { ExpressionAttributeValues: { ':stale': staleAccountId } }),
    },
  };
}

/**
 * Claim a contact's company domain for the contact's account, unless the domain is claimed already (the first
 * account to have it keeps it): how the accounts made through the API come to be found by domain. `claimed`
 * is false when there is nothing to claim or the claim was there.
 */
export async function claimContactDomain(contact: Pick<Contact, 'accountId' | 'email' | 'createdAt'>) {
  const domain = contact.email === undefined ? undefined : companyDomainOf(contact.email);
  if (domain === undefined) return { claimed: false };
  return { domain, claimed: await putOnce(domainClaimItem(domain, contact.accountId, contact.createdAt)) };
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

/** A follow-up's checklist holds at most what PATCH /tasks accepts; a full one takes no more. */
const CHECKLIST_MAX = 100;

/** The contact's follow-up task named by its claim, while it is open and can take another item. */
async function openFollowUp(taskId: string): Promise<Task | undefined> {
  const item = await readItem(taskKey(taskId));
  if (item === undefined) return undefined;
  const task = recordOf<Task>(item);
  return task.status === 'open' && task.checklist.length < CHECKLIST_MAX ? task : undefined;
}

/** What a repeat lead adds to the follow-up: when, and the message (the checklist's 500 characters at most). */
function repeatNote(submission: Submission): { text: string; done: boolean } {
  const when = `${submission.receivedAt.replace('T', ' ').slice(0, 16)} UTC`;
  const message = typeof submission.values.message === 'string' ? submission.values.message.trim() : '';
  const text =
    message === '' ? `Enquired again ${when} (no message)` : `Enquired again ${when}: “${message}”`;
  return { text: text.length > 500 ? `${text.slice(0, 499)}…` : text, done: false };
}

/**
 * A lead's follow-up, written in one transaction with its form interaction — so the interaction says the work
 * is done, and a redelivery finds it and changes nothing. A contact whose "Follow up" task is still open (the
 * one their follow-up claim names) gets the new message added to its checklist; otherwise `task` (id = the
 * submission's) is made and becomes the contact's follow-up, the claim moved to it on the condition it still
 * names what was read. Of two racing leads of one contact, one makes the task and the other adds to it.
 * Returns the follow-up's id.
 */
export async function followUpLead(submission: Submission, interaction: Interaction, task: Task) {
  const contactId = interaction.contactId ?? submission.id;
  const at = task.updatedAt;
  for (let attempt = 1; ; attempt++) {
    const claim = await readItem(followUpClaimKey(contactId));
    const claimed = claim === undefined ? undefined : String(claim.taskId);
    const open = claimed === undefined || claimed === task.id ? undefined : await openFollowUp(claimed);
    const follow: TransactItem[] =
      open === undefined
        ? [...taskItems(task).map((item) => putNew(item)), claimFollowUpItem(contactId, task.id, at, claimed)]
        : [addToFollowUp(open.id, repeatNote(submission), at)];
    try {
      // Last, so the items' places above stay as they are: nothing lands under an account being deleted.
      await transact([putNew(interactionRecord(interaction)), ...follow, liveAccount(interaction.accountId)]);
      return open?.id ?? task.id;
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      // Done before: by this submission's earlier delivery, which recorded where (or was cut short just after).
      if (error.failedAt(0)) {
        const produced = (await getSubmission(submission.formId, submission.id))?.produced;
        return produced?.taskId ?? open?.id ?? task.id;
      }
      // The task is there without the interaction (only this submission makes a task with its id: a delivery
      // from before the two were written together was cut short): the interaction alone completes it.
      if (open === undefined && error.failedAt(1)) {
        await putOnce(interactionRecord(interaction));
        return task.id;
      }
      // The follow-up changed meanwhile (done, full, or another lead of the contact's made one): look again.
      if (attempt < 4) continue;
      throw error;
    }
  }
}

/** The claim moved to `taskId`, if it is still as read: absent, or naming `previous` (a task done with). */
function claimFollowUpItem(contactId: string, taskId: string, at: string, previous?: string): TransactItem {
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: followUpClaimItem(contactId, taskId, at),
      ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : 'taskId = :previous',
      ...(previous === undefined ? {} : { ExpressionAttributeValues: { ':previous': previous } }),
    },
  };
}

/** One more checklist item on an open follow-up with room for it (a change like any other: version + 1). */
function addToFollowUp(taskId: string, note: { text: string; done: boolean }, at: string): TransactItem {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: taskKey(taskId),
      UpdateExpression:
        'SET checklist = list_append(checklist, :note), updatedAt = :now, updatedBy = :actor, version = version + :one',
      ConditionExpression: '#status = :open AND size(checklist) < :max',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':note': [note],
        ':open': 'open',
        ':max': CHECKLIST_MAX,
        ':now': at,
        ':actor': currentActor(),
        ':one': 1,
      },
    },
  };
}
