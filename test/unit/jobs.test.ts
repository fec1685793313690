// The jobs' decisions without a table: the window the tasks-due job reads (from the checkpoint, at least the
// last hour, at most 7 days back), and the escalation job's rule that without an active admin nothing is
// stamped — which the integration test cannot pin down, since any file may add an admin to the shared table.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { derivedId } from '../../functions/platform/keys.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { ticketItem } from '../../functions/service/entity.ts';
import { ESCALATE_AFTER_MS, escalateUrgentTickets } from '../../functions/service/escalation.ts';
import { newTicket } from '../../functions/service/ticket.ts';
import type { Member } from '../../functions/team/member.ts';
import { announceDueTasks } from '../../functions/work/due-tasks.ts';

const { send, allMembers } = vi.hoisted(() => ({ send: vi.fn(), allMembers: vi.fn() }));
vi.mock('../../functions/platform/clients.ts', () => ({ documentClient: { send }, dynamodb: {} }));
vi.mock('../../functions/team/member-store.ts', () => ({ allMembers }));

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The commands the job sent, of one kind, by their input. */
const sent = <C extends abstract new (...args: never[]) => { input: unknown }>(kind: C) =>
  send.mock.calls
    .map(([command]) => command as unknown)
    .filter((command): command is InstanceType<C> => command instanceof kind)
    .map(
      (command) =>
        command.input as Record<string, unknown> & { ExpressionAttributeValues: Record<string, unknown> },
    );

beforeEach(() => {
  send.mockReset();
  allMembers.mockReset();
});

describe('tasks-due window', () => {
  /** Run the job at `at` with the checkpoint saying `until` (none when undefined); the window it queried. */
  async function windowOf(at: Date, until: string | undefined) {
    send.mockImplementation(async (command: unknown) => {
      if (command instanceof GetCommand) return { Item: until === undefined ? undefined : { until } };
      if (command instanceof QueryCommand) return { Items: [], Count: 0, ScannedCount: 0 };
      return {};
    });
    const summary = await announceDueTasks(at);
    const [query] = sent(QueryCommand);
    expect(query).toMatchObject({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :open AND gsi2sk BETWEEN :from AND :to',
    });
    expect(query?.ExpressionAttributeValues).toEqual({
      ':open': 'TASK#STATUS#open',
      // (from, to]: a task due exactly at the window's start was the previous run's.
      ':from': `${summary.window.from}#\uffff`,
      ':to': `${at.toISOString()}#\uffff`,
    });
    expect(summary.window.to).toBe(at.toISOString());
    return summary.window.from;
  }

  const at = new Date('2031-07-07T12:00:00.000Z');
  const ago = (ms: number) => new Date(at.getTime() - ms).toISOString();

  it.each([
    ['no checkpoint (the first run)', ago(HOUR), undefined],
    ['the run an hour ago', ago(HOUR), ago(HOUR)],
    ['a run half an hour ago', ago(HOUR), ago(HOUR / 2)],
    ['a later run (this one is a re-run)', ago(HOUR), new Date(at.getTime() + 5 * HOUR).toISOString()],
    ['missed runs: the last 5 hours ago', ago(5 * HOUR), ago(5 * HOUR)],
    ['the last run exactly 7 days ago', ago(7 * DAY), ago(7 * DAY)],
    ['the last run 30 days ago', ago(7 * DAY), ago(30 * DAY)],
    ['an unreadable checkpoint', ago(HOUR), 'never'],
  ])('with %s, reads from %s', async (_, from, until) => {
    expect(await windowOf(at, until)).toBe(from);
  });

  it('always reads at least the last hour and at most 7 days, back to the last run in between', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2040-01-01') }),
        fc.option(fc.integer({ min: -30 * DAY, max: 30 * DAY }), { nil: undefined }),
        async (time, offset) => {
          send.mockReset();
          const now = new Date(time);
          const until = offset === undefined ? undefined : new Date(time - offset);
          const from = Date.parse(await windowOf(now, until?.toISOString()));
          expect(from).toBeLessThanOrEqual(time - HOUR);
          expect(from).toBeGreaterThanOrEqual(time - 7 * DAY);
          if (until === undefined || until.getTime() > time - HOUR) expect(from).toBe(time - HOUR);
          else if (until.getTime() < time - 7 * DAY) expect(from).toBe(time - 7 * DAY);
          else expect(from).toBe(until.getTime());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('moves the checkpoint forward only', async () => {
    await windowOf(at, ago(HOUR));
    const [update] = sent(UpdateCommand);
    expect(update).toMatchObject({
      Key: { pk: 'JOB#tasks-due', sk: 'CHECKPOINT' },
      ConditionExpression: 'attribute_not_exists(#until) OR #until < :at',
      ExpressionAttributeValues: { ':at': at.toISOString() },
    });
  });
});

describe('ticket-escalations without a table', () => {
  const at = new Date('2031-07-07T12:00:00.000Z');
  const opened = new Date(at.getTime() - ESCALATE_AFTER_MS - 1);
  const ticket = newTicket(
    { accountId: '01JD0000000000000000000000', problem: 'Down', priority: 'urgent' },
    opened,
  );
  const escalatedBefore = {
    ...newTicket({ accountId: '01JD0000000000000000000000', problem: 'Old', priority: 'urgent' }, opened),
    escalatedAt: opened.toISOString(),
  };
  const member = (id: string, roles: Member['roles'], active: boolean): Member => ({
    id,
    name: `Member ${id}`,
    email: `${id.toLowerCase()}@team.test`,
    roles,
    active,
    createdAt: opened.toISOString(),
    updatedAt: opened.toISOString(),
    version: 1,
  });
  const activeAdmin = member('01JD00000000000000000ADM1N', ['admin'], true);
  const retiredAdmin = member('01JD00000000000000000ADM2N', ['admin'], false);
  const seller = member('01JD0000000000000000SALES1', ['sales'], true);
  const sellingAdmin = member('01JD0000000000000000SALES2', ['sales', 'admin'], true);

  const account = { pk: `ACCOUNT#${ticket.accountId}`, sk: 'ACCOUNT', name: 'Harbour Foods' };

  /** Open tickets: `ticket` (overdue) and one escalated before; none new or pending. Their account. */
  function table(transaction: (input: unknown) => unknown = () => ({})) {
    send.mockImplementation(async (command: unknown) => {
      if (command instanceof QueryCommand) {
        const status = command.input.ExpressionAttributeValues?.[':status'];
        const items =
          status === 'TICKET#STATUS#open' ? [ticketItem(ticket), ticketItem(escalatedBefore)] : [];
        return { Items: items, Count: items.length, ScannedCount: items.length };
      }
      if (command instanceof BatchGetCommand) return { Responses: { [TABLE_NAME]: [account] } };
      if (command instanceof TransactWriteCommand) return transaction(command.input);
      throw new Error(`unexpected ${String(command)}`);
    });
  }

  it('reads only old urgent tickets of the unresolved states, and no member when none is overdue', async () => {
    send.mockResolvedValue({ Items: [], Count: 0 });
    expect(await escalateUrgentTickets(at)).toEqual({ overdue: 0, escalated: 0, admins: 0, read: 0 });
    expect(allMembers).not.toHaveBeenCalled();
    const cutoff = new Date(at.getTime() - 4 * HOUR).toISOString();
    expect(sent(QueryCommand).map((query) => query.ExpressionAttributeValues)).toEqual(
      ['new', 'open', 'pending'].map((status) => ({
        ':status': `TICKET#STATUS#${status}`,
        ':from': '1#',
        ':to': `1#${cutoff}`,
      })),
    );
  });

  it('stamps nothing and writes no e-mail when no admin is active, so the next run tries again', async () => {
    table();
    allMembers.mockResolvedValue([retiredAdmin, seller]);
    expect(await escalateUrgentTickets(at)).toEqual({
      overdue: 1,
      escalated: 0,
      admins: 0,
      read: 2,
      note: 'no active admin',
    });
    expect(sent(TransactWriteCommand)).toEqual([]);
    allMembers.mockResolvedValue([]);
    expect(await escalateUrgentTickets(at)).toMatchObject({
      escalated: 0,
      admins: 0,
      note: 'no active admin',
    });
    expect(sent(TransactWriteCommand)).toEqual([]);
  });

  it('stamps the ticket on the version read, with one e-mail per active admin, in one transaction', async () => {
    table();
    allMembers.mockResolvedValue([retiredAdmin, activeAdmin, seller, sellingAdmin]);
    // The two tickets of the key range, and the overdue one's account (its name is in the mails).
    expect(await escalateUrgentTickets(at)).toEqual({ overdue: 1, escalated: 1, admins: 2, read: 3 });
    expect(sent(BatchGetCommand)).toEqual([
      {
        RequestItems: { [TABLE_NAME]: { Keys: [{ pk: account.pk, sk: account.sk }], ConsistentRead: true } },
      },
    ]);
    const transactions = sent(TransactWriteCommand) as unknown as {
      TransactItems: { Put: { Item: Record<string, unknown>; ConditionExpression: string } }[];
    }[];
    expect(transactions).toHaveLength(1);
    const [stamp, ...mails] = transactions[0]?.TransactItems ?? [];
    expect(stamp?.Put).toMatchObject({
      Item: { id: ticket.id, escalatedAt: at.toISOString(), version: ticket.version + 1 },
      ConditionExpression: 'version = :read AND attribute_not_exists(escalatedAt)',
      ExpressionAttributeValues: { ':read': ticket.version },
    });
    expect(mails.map((mail) => [mail.Put.Item.id, mail.Put.Item.to, mail.Put.ConditionExpression])).toEqual([
      [derivedId(`escalation#${ticket.id}#${activeAdmin.id}`), activeAdmin.email, 'attribute_not_exists(pk)'],
      [
        derivedId(`escalation#${ticket.id}#${sellingAdmin.id}`),
        sellingAdmin.email,
        'attribute_not_exists(pk)',
      ],
    ]);
  });

  it('counts a ticket another run stamped first as not escalated, without failing', async () => {
    table(() => {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }],
      });
    });
    allMembers.mockResolvedValue([activeAdmin]);
    expect(await escalateUrgentTickets(at)).toEqual({ overdue: 1, escalated: 0, admins: 1, read: 3 });
  });
});
