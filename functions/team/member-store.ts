// Team members: created with an e-mail claim (one member per address), listed from the type index, and
// picked for work by an atomic round-robin counter per role.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { Conflict, NotFound } from '../platform/errors.ts';
import { listByType, putNew, type TransactItem, type TransactionRefused } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { memberEmailClaimItem, memberKey, members, roundRobinKey } from './entity.ts';
import { type Member, type MemberListQuery, type MemberPatch, type Role, toMember } from './member.ts';

export function memberCreateItems(member: Member): TransactItem[] {
  return [putNew(memberEmailClaimItem(member), true), putNew(members.item(member))];
}

export function memberCreateRefused() {
  return (refused: TransactionRefused): Error => {
    const claim = refused.items[0];
    if (refused.failedAt(0) && claim !== undefined) {
      return new Conflict(
        `A team member with this e-mail already exists: member ${String(claim.memberId)}.`,
        [{ path: 'email', message: `Already used by member ${String(claim.memberId)}.` }],
      );
    }
    return refused;
  };
}

export const listMembers = (query: MemberListQuery) =>
  listByType(members.indexes.all.type, query, toMember, false);

/** Every member, for assignment: a team is small (one page of the type index holds hundreds). */
export async function allMembers(): Promise<Member[]> {
  const members: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMembers({ limit: 100, cursor });
    members.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return members;
}

export async function updateMember(id: string, patch: MemberPatch, now: Date): Promise<Member> {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':one': 1, ':now': now.toISOString() };
  const set = ['#version = #version + :one', '#updatedAt = :now'];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = field === 'roles' ? [...new Set(value as string[])] : value;
    set.push(`#${field} = :${field}`);
  }
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: memberKey(id),
        UpdateExpression: `SET ${set.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toMember(Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new NotFound('Team member', id);
    throw error;
  }
}

/**
 * The next active member with `role`, by an atomic counter: concurrent assignments each get their own turn.
 * Undefined when nobody active has the role (the work stays unassigned rather than failing).
 */
export async function nextAssignee(role: Role): Promise<Member | undefined> {
  const candidates = (await allMembers())
    .filter((member) => member.active && member.roles.includes(role))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (candidates.length === 0) return undefined;
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: roundRobinKey(role),
      UpdateExpression: 'SET #type = :type ADD #turn :one',
      ExpressionAttributeNames: { '#type': 'type', '#turn': 'turn' },
      ExpressionAttributeValues: { ':type': 'RoundRobin', ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const turn = Number(Attributes?.turn ?? 1);
  return candidates[(turn - 1) % candidates.length];
}
