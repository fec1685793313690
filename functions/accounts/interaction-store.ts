// Interaction reads and writes: the timeline is one Query on the account's partition, newest first.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { currentActor } from '../platform/actor.ts';
import { documentClient } from '../platform/clients.ts';
import { Invalid, NotFound, Stale } from '../platform/errors.ts';
import {
  deleteVersioned,
  mustExist,
  putNew,
  sendIfCondition,
  type TransactItem,
  TransactionRefused,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { ticketKey } from '../service/index.ts';
import { accountRefusal, listUnderAccount, liveAccount } from './account-store.ts';
import { contactRefusal, liveContact } from './contact-store.ts';
import { accountKey, INTERACTION_PREFIX, interactionKey, interactions } from './entity.ts';
import {
  type Interaction,
  type InteractionListQuery,
  type InteractionPatch,
  toInteraction,
} from './interaction.ts';

/** Account (and contact and ticket, when named: on that account) must exist; then the interaction. */
export function interactionCreateItems(interaction: Interaction): TransactItem[] {
  const { accountId, contactId, ticketId } = interaction;
  return [
    liveAccount(accountId),
    ...(contactId === undefined ? [] : [liveContact(accountId, contactId)]),
    ...(ticketId === undefined ? [] : [mustExist(ticketKey(accountId, ticketId))]),
    putNew(interactions.item(interaction)),
  ];
}

/** GET one interaction of an account. */
export async function getInteraction(
  accountId: string,
  interactionId: string,
  consistent = false,
): Promise<Interaction> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: interactionKey(accountId, interactionId),
      ConsistentRead: consistent,
    }),
  );
  if (Item === undefined || Item.type !== 'Interaction') {
    throw new NotFound(`Interaction (of account ${accountId})`, interactionId);
  }
  return toInteraction(Item);
}

export function interactionCreateRefused(interaction: Interaction) {
  return (refused: TransactionRefused): Error => {
    if (refused.failedAt(0)) return accountRefusal(interaction.accountId, refused.items[0]);
    if (interaction.contactId !== undefined && refused.failedAt(1)) {
      return contactRefusal(interaction.accountId, interaction.contactId, refused.items[1]);
    }
    const ticketAt = interaction.contactId === undefined ? 1 : 2;
    if (interaction.ticketId !== undefined && refused.failedAt(ticketAt)) {
      return new NotFound(`Ticket (of account ${interaction.accountId})`, interaction.ticketId);
    }
    return refused;
  };
}

/**
 * Change what an interaction says or who it was with, on the version read (with If-Match, only from that
 * version); a contact named must be the account's, checked in the same write.
 */
export async function updateInteraction(
  accountId: string,
  interactionId: string,
  patch: InteractionPatch,
  ifMatch: number | undefined,
  now: Date,
): Promise<Interaction> {
  try {
    return await updateVersioned<Interaction>({
      what: `Interaction ${interactionId}`,
      read: () => getInteraction(accountId, interactionId, true),
      item: (interaction) => interactions.item(interaction),
      ifMatch,
      attempts: 10,
      exhausted: () => new Stale(`Interaction ${interactionId} changed meanwhile; read it again.`),
      // Interactions logged before edits existed have no updatedAt yet.
      change: (current) =>
        withPatch({ ...current, updatedAt: current.updatedAt ?? current.createdAt }, patch, now),
      with: (current, next) =>
        next.contactId === undefined || next.contactId === current.contactId
          ? []
          : [liveContact(accountId, next.contactId)],
    });
  } catch (error) {
    if (error instanceof TransactionRefused && error.failedAt(1)) {
      if (typeof error.items[1]?.mergingInto === 'string' && patch.contactId != null) {
        throw contactRefusal(accountId, patch.contactId, error.items[1]);
      }
      throw new Invalid([
        { path: 'contactId', message: `No contact ${patch.contactId} on account ${accountId}.` },
      ]);
    }
    throw error;
  }
}

/** Remove an interaction from the account's timeline (with If-Match, only that version). */
export const deleteInteraction = (accountId: string, interactionId: string, ifMatch: number | undefined) =>
  deleteVersioned<Interaction>({
    what: `Interaction ${interactionId}`,
    read: () => getInteraction(accountId, interactionId, true),
    key: (interaction) => interactionKey(interaction.accountId, interaction.id),
    ifMatch,
  });

/** The account's timeline, newest first (ids are ULIDs minted from occurredAt). */
export const listInteractions = (accountId: string, query: InteractionListQuery) =>
  listUnderAccount(accountId, INTERACTION_PREFIX, query, toInteraction, true);

/**
 * Move the account's lastContactAt forward to `occurredAt` — never back. Idempotent: a redelivered or
 * out-of-order interaction finds the condition false and changes nothing.
 */
export async function recordLastContact(accountId: string, occurredAt: string, now: Date): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: accountKey(accountId),
      UpdateExpression:
        'SET lastContactAt = :at, updatedAt = :now, updatedBy = :actor, version = version + :one',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(lastContactAt) OR lastContactAt < :at)',
      ExpressionAttributeValues: {
        ':at': occurredAt,
        ':now': now.toISOString(),
        ':one': 1,
        ':actor': currentActor(),
      },
    }),
  );
}
