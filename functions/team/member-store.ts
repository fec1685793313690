// Team members: created with an e-mail claim (one member per address), listed from the type index, and
// picked for work by an atomic round-robin counter per role.

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../platform/clients.ts';
import { Conflict, Invalid, NotFound } from '../platform/errors.ts';
import {
  listByType,
  putNew,
  readItem,
  sendIfCondition,
  type TransactItem,
  TransactionRefused,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import {
  memberEmailClaimItem,
  memberKey,
  members,
  memberUserClaimItem,
  memberUserKey,
  roundRobinKey,
} from './entity.ts';
import { type Member, type MemberListQuery, type MemberPatch, type Role, toMember } from './member.ts';

const userTaken = (memberId: unknown) =>
  new Conflict(`This sign-in identity already belongs to member ${String(memberId)}.`, [
    { path: 'userId', message: `Already used by member ${String(memberId)}.` },
  ]);

export function memberCreateItems(member: Member): TransactItem[] {
  return [
    putNew(memberEmailClaimItem(member), true),
    putNew(members.item(member)),
    ...(member.userId === undefined
      ? []
      : [putNew(memberUserClaimItem({ id: member.id, userId: member.userId }), true)]),
  ];
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
    const user = refused.items[2];
    if (refused.failedAt(2) && user !== undefined) return userTaken(user.memberId);
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

/** A record's reference to a member, and the role the job needs (none: any active member). */
export interface MemberReference {
  /** The field, as the error names it (`ownerId`, `assigneeId`). */
  readonly path: string;
  /** Unset or null: nothing to check. */
  readonly id: string | null | undefined;
  readonly role?: Role;
}

/**
 * Every reference names an active member with the role its job needs — otherwise one 400 naming each bad
 * field, so no record is owned by or assigned to a ghost (reports and workload count only real members).
 */
export async function assertMembers(references: readonly MemberReference[]): Promise<void> {
  const given = references.filter(
    (reference): reference is MemberReference & { id: string } => typeof reference.id === 'string',
  );
  if (given.length === 0) return;
  const found = await Promise.all(given.map((reference) => readItem(memberKey(reference.id))));
  const details = given.flatMap((reference, index) => {
    const item = found[index];
    if (item === undefined || item.active !== true) {
      return [{ path: reference.path, message: `No active team member ${reference.id}.` }];
    }
    const roles = Array.isArray(item.roles) ? item.roles : [];
    if (reference.role !== undefined && !roles.includes(reference.role)) {
      return [
        {
          path: reference.path,
          message: `Member ${reference.id} is not in ${reference.role}; this needs a ${reference.role} member.`,
        },
      ];
    }
    return [];
  });
  if (details.length > 0) throw new Invalid(details);
}

export async function getMember(id: string): Promise<Member> {
  const item = await readItem(memberKey(id));
  if (item === undefined) throw new NotFound('Team member', id);
  return toMember(item);
}

/**
 * Change a member: the record written whole on the version read (a lost race reads again; with If-Match, only
 * from that version — 412 otherwise), and a new sign-in identity claimed in the same transaction as the old one
 * is released — so two members never share one.
 */
export async function updateMember(
  id: string,
  patch: MemberPatch,
  now: Date,
  ifMatch?: number | undefined,
): Promise<Member> {
  const claiming = typeof patch.userId === 'string';
  try {
    return await updateVersioned<Member>({
      what: `Team member ${id}`,
      read: () => getMember(id),
      item: (member) => members.item(member),
      ifMatch,
      attempts: 5,
      exhausted: () => new Conflict(`Team member ${id} keeps changing meanwhile; read it again and retry.`),
      change: (current) =>
        withPatch(
          current,
          { ...patch, ...(patch.roles === undefined ? {} : { roles: [...new Set(patch.roles)] }) },
          now,
        ),
      with: (current, next) =>
        next.userId === current.userId
          ? []
          : [
              ...(current.userId === undefined
                ? []
                : [{ Delete: { TableName: TABLE_NAME, Key: memberUserKey(current.userId) } }]),
              // Last: a refusal there is the identity being someone else's.
              ...(next.userId === undefined
                ? []
                : [putNew(memberUserClaimItem({ id, userId: next.userId }), true)]),
            ],
    });
  } catch (error) {
    const claim =
      claiming && error instanceof TransactionRefused ? refused(error, error.reasons.length - 1) : undefined;
    if (claim !== undefined) throw userTaken(claim.memberId);
    throw error;
  }
}

const refused = (error: TransactionRefused, index: number) =>
  error.failedAt(index) ? error.items[index] : undefined;

/** The active members with `role`, in the order the round-robin turns among them. */
const inTurn = async (role: Role) =>
  (await allMembers())
    .filter((member) => member.active && member.roles.includes(role))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

/**
 * Take the next turn among the active members with `role`: an atomic counter (one item per role), so
 * concurrent takers each get a turn of their own at once and none waits on or retries against another — the
 * counter takes about 1,000 turns a second on AWS. The member, and the turn to give back if the work it was
 * taken for is not written. Undefined when nobody active has the role (the work stays unassigned rather than
 * failing).
 */
export async function takeTurn(
  role: Role,
): Promise<{ readonly member: Member; readonly turn: number } | undefined> {
  const candidates = await inTurn(role);
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
  return { member: candidates[(turn - 1) % candidates.length] as Member, turn };
}

/** The next active member with `role`, their turn taken (see takeTurn). */
export const nextAssignee = async (role: Role): Promise<Member | undefined> => (await takeTurn(role))?.member;

/**
 * Give back a turn whose work was not written (refused, or a replay of work written before): the counter goes
 * back one while it still stands at `turn` — nobody took a later turn meanwhile — so the same member is next.
 * Otherwise, or if the process dies before this, the member is skipped once: the price of never making racing
 * takers wait for each other.
 */
export async function giveBackTurn(role: Role, turn: number): Promise<boolean> {
  return sendIfCondition(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: roundRobinKey(role),
      UpdateExpression: 'SET #turn = :before',
      ConditionExpression: '#turn = :turn',
      ExpressionAttributeNames: { '#turn': 'turn' },
      ExpressionAttributeValues: { ':turn': turn, ':before': turn - 1 },
    }),
  );
}

/**
 * Whose turn it is among the active members with `role`, without taking it: the member, and the transaction
 * item that takes the turn — written with the record it is for, so a refused write takes no turn, and on the
 * condition the turn is still the one read (a racing writer took it: read again). Undefined with nobody.
 */
export async function pendingTurn(
  role: Role,
): Promise<{ readonly member: Member; readonly take: TransactItem } | undefined> {
  const candidates = await inTurn(role);
  if (candidates.length === 0) return undefined;
  const counter = await readItem(roundRobinKey(role));
  const turn = typeof counter?.turn === 'number' ? counter.turn : 0;
  const member = candidates[turn % candidates.length] as Member;
  const take: TransactItem = {
    Update: {
      TableName: TABLE_NAME,
      Key: roundRobinKey(role),
      UpdateExpression: 'SET #type = :type, #turn = :next',
      ConditionExpression: turn === 0 ? 'attribute_not_exists(#turn) OR #turn = :read' : '#turn = :read',
      ExpressionAttributeNames: { '#type': 'type', '#turn': 'turn' },
      ExpressionAttributeValues: { ':type': 'RoundRobin', ':next': turn + 1, ':read': turn },
    },
  };
  return { member, take };
}

/**
 * The member `id` while they are active and (given one) hold `role`; undefined otherwise. For a member taken
 * from another record — an account's owner or manager, a ticket's assignee — who may have left since.
 */
export async function activeMember(id: string | undefined, role?: Role): Promise<Member | undefined> {
  if (id === undefined) return undefined;
  const item = await readItem(memberKey(id));
  const member = item === undefined ? undefined : toMember(item);
  return member?.active === true && (role === undefined || member.roles.includes(role)) ? member : undefined;
}

/**
 * Who takes a piece of work for `role`: `preferred` (a client's account manager) while an active member with
 * that role, else the next in turn — so work named for someone who has left, or moved on, still finds a
 * taker.
 */
export async function assigneeFor(role: Role, preferred: string | undefined): Promise<Member | undefined> {
  return (await activeMember(preferred, role)) ?? nextAssignee(role);
}
