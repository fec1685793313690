// Interaction reads and writes: the timeline is one Query on the account's partition, newest first.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { documentClient } from '../shared/clients.ts';
import { NotFound } from '../shared/errors.ts';
import { TABLE_NAME } from '../shared/table.ts';
import { assertAccountExists } from './account-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type Interaction, type InteractionListQuery, toInteraction } from './interaction.ts';
import { accountKey, contactKey, INTERACTION_PREFIX, interactionKey } from './keys.ts';
import type { TransactItem, TransactionRefused } from './store.ts';

/** Account (and contact, when named) must exist; then the interaction. */
export function interactionCreateItems(interaction: Interaction): TransactItem[] {
  const items: TransactItem[] = [
    {
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: accountKey(interaction.accountId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
  ];
  if (interaction.contactId !== undefined) {
    items.push({
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: contactKey(interaction.accountId, interaction.contactId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
  }
  items.push({
    Put: {
      TableName: TABLE_NAME,
      Item: { ...interactionKey(interaction.accountId, interaction.id), type: 'Interaction', ...interaction },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  return items;
}

export function interactionCreateRefused(interaction: Interaction) {
  return (refused: TransactionRefused): Error => {
    if (refused.failedAt(0)) return new NotFound('Account', interaction.accountId);
    if (interaction.contactId !== undefined && refused.failedAt(1)) {
      return new NotFound(`Contact (of account ${interaction.accountId})`, interaction.contactId);
    }
    return refused;
  };
}

/** The account's timeline, newest first. An unknown account is a 404, not an empty list. */
export async function listInteractions(accountId: string, query: z.infer<typeof InteractionListQuery>) {
  const [, page] = await Promise.all([
    assertAccountExists(accountId),
    documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `ACCOUNT#${accountId}`,
          ':from': INTERACTION_PREFIX,
          ':to': `${INTERACTION_PREFIX}\uffff`,
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, ['pk', 'sk'], { pk: `ACCOUNT#${accountId}` }),
      }),
    ),
  ]);
  return { items: (page.Items ?? []).map(toInteraction), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/**
 * Move the account's lastContactAt forward to `occurredAt` — never back. Idempotent: a redelivered or
 * out-of-order interaction finds the condition false and changes nothing.
 */
export async function recordLastContact(accountId: string, occurredAt: string, now: Date): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: accountKey(accountId),
        UpdateExpression: 'SET lastContactAt = :at, updatedAt = :now, version = version + :one',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastContactAt) OR lastContactAt < :at)',
        ExpressionAttributeValues: { ':at': occurredAt, ':now': now.toISOString(), ':one': 1 },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
