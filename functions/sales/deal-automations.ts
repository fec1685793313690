// What a deal's stage change sets off: follow-up tasks when a proposal goes out, an active account when a
// deal is won. Both safe to run twice: task ids derive from the deal, the account update is conditional.

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Account, accountIndexSet, accountKey } from '../accounts/index.ts';
import { currentActor } from '../platform/actor.ts';
import { documentClient } from '../platform/clients.ts';
import { recordOf } from '../platform/entity.ts';
import { sendIfCondition } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import type { Task } from '../work/index.ts';
import { createTaskOnce } from '../work/services.ts';
import { type Deal, proposalFollowUpTasks } from './deal.ts';

/**
 * Proposal sent (a deal moved to proposal, or opened in it) → "Follow up on proposal" tasks for the owner on
 * the 3rd and 7th business day after, at 09:00 UTC like the lead follow-up — once per deal: the ids derive
 * from the deal, whichever of its events brings them.
 */
export async function proposalFollowUps(deal: Deal, sentAt: string, now: Date): Promise<Task[]> {
  const tasks = proposalFollowUpTasks(deal, sentAt, now.toISOString());
  await Promise.all(tasks.map(createTaskOnce));
  return tasks;
}

/**
 * Deal won → the account becomes active, and acquiredAt is set if empty. Its relationship is only ever raised:
 * a customer billed on retainer becomes a client, but a client stays a client whatever its billing — one
 * chosen as a client for a fixed-fee project is not turned into a customer by winning it. Changes nothing
 * when the account is already so.
 */
export async function activateWonAccount(deal: Deal, wonAt: string, now: Date): Promise<boolean> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: accountKey(deal.accountId), ConsistentRead: true }),
  );
  if (Item === undefined) return false;
  const account = recordOf<Account>(Item);
  const relationship =
    account.relationship === 'client' || account.billing?.model === 'retainer' ? 'client' : 'customer';
  const indexes = accountIndexSet(deal.accountId, { lifecycleStage: 'active', relationship });
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: accountKey(deal.accountId),
      UpdateExpression: `SET lifecycleStage = :active, relationship = :relationship, ${indexes.clauses.join(', ')}, acquiredAt = if_not_exists(acquiredAt, :wonAt), updatedAt = :now, updatedBy = :actor, version = version + :one`,
      ConditionExpression:
        'attribute_exists(pk) AND (lifecycleStage <> :active OR relationship <> :relationship OR attribute_not_exists(acquiredAt))',
      ExpressionAttributeNames: indexes.names,
      ExpressionAttributeValues: {
        ':actor': currentActor(),
        ':active': 'active',
        ':relationship': relationship,
        ...indexes.values,
        ':wonAt': wonAt,
        ':now': now.toISOString(),
        ':one': 1,
      },
    }),
  );
}
