// Deals against DynamoDB Local: the stage machine's rules and racing stage changes with one winner (the
// model-based moves are in state-machines.test.ts), the lists, and the two stage automations delivered 1–3
// times with one effect.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { toDomainEvent } from '../../functions/events/events.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { derivedId } from '../../functions/platform/keys.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { allowedMoves, OPEN_STAGES, type Stage } from '../../functions/sales/deal.ts';
import { dealKey } from '../../functions/sales/entity.ts';
import { handler as activateWonAccount } from '../../functions/sales/handlers/activate-won-account.ts';
import { handler as createDeal } from '../../functions/sales/handlers/create-deal.ts';
import { handler as createFollowUps } from '../../functions/sales/handlers/create-proposal-follow-ups.ts';
import { handler as getDeal } from '../../functions/sales/handlers/get-deal.ts';
import { handler as listAccountDeals } from '../../functions/sales/handlers/list-account-deals.ts';
import { handler as listDeals } from '../../functions/sales/handlers/list-deals.ts';
import { handler as updateDeal } from '../../functions/sales/handlers/update-deal.ts';
import { RULES } from '../../functions/sales/rules.ts';
import { handler as updateMember } from '../../functions/team/handlers/update-member.ts';
import { addBusinessDays } from '../../functions/work/task.ts';
import { matchesPattern as matches } from '../../local/event-pattern.ts';
import { call } from '../support/api.ts';
import { staff } from '../support/staff.ts';

/** The deals' owner: a sales member. */
const olga = await staff();

const newAccount = async (body: object = { name: 'Deal Co' }) =>
  (await call(createAccount, 'POST', { resource: '/accounts', body })).json as { id: string };
const open = (accountId: string, extra: object = {}) =>
  call(createDeal, 'POST', {
    resource: '/deals',
    body: {
      accountId,
      title: 'Big deal',
      amount: 1_250_000,
      currency: 'EUR',
      expectedCloseDate: '2027-02-15',
      ownerId: olga,
      ...extra,
    },
  });
const move = (id: string, stage: string, headers: Record<string, string> = {}) =>
  call(updateDeal, 'PATCH', { resource: '/deals/{id}', params: { id }, body: { stage }, headers });
const read = async (id: string) =>
  (await call(getDeal, 'GET', { resource: '/deals/{id}', params: { id } })).json;

describe('the stage machine', () => {
  it('allows forward moves (skipping too), lost from any open stage, nothing out of won or lost', () => {
    expect(allowedMoves('prospecting')).toEqual([
      'qualification',
      'presentation',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    expect(allowedMoves('negotiation')).toEqual(['won', 'lost']);
    expect(allowedMoves('proposal')).not.toContain('qualification');
    expect(allowedMoves('won')).toEqual([]);
    expect(allowedMoves('lost')).toEqual([]);
  });

  it('lets one of 2–10 racing stage changes win; the rest get 409 (or 412 with a stale If-Match)', async () => {
    const account = await newAccount();
    for (const racers of [2, 5, 10]) {
      const deal = (await open(account.id)).json;
      const answers = await Promise.all(Array.from({ length: racers }, () => move(deal.id, 'won')));
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(racers - 1);
      expect(await read(deal.id)).toMatchObject({ stage: 'won', version: 2 });

      const guarded = (await open(account.id)).json;
      const targets = OPEN_STAGES.slice(1).concat(OPEN_STAGES.slice(1)).slice(0, racers);
      const results = await Promise.all(targets.map((stage) => move(guarded.id, stage, { 'If-Match': '1' })));
      expect(results.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(results.every((answer) => [200, 412].includes(answer.status))).toBe(true);
      expect((await read(guarded.id)).version).toBe(2);
    }
  });

  it('404s a deal on an unknown account, and an unknown deal', async () => {
    expect((await open('01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await move('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'won')).status).toBe(404);
    const bad = await open((await newAccount()).id, { currency: 'euro', amount: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      'amount',
      'currency',
    ]);
  });

  it('takes an amount up to ten billion in major units (10^12 minor units), no more, on create and patch', async () => {
    const { id: accountId } = await newAccount();
    const largest = await open(accountId, { amount: 1_000_000_000_000 });
    expect(largest.status).toBe(201);
    for (const amount of [1_000_000_000_001, Number.MAX_SAFE_INTEGER]) {
      const refused = await open(accountId, { amount });
      expect(refused.status).toBe(400);
      expect(refused.json.error.details.map((detail: { path: string }) => detail.path)).toEqual(['amount']);
      const patched = await call(updateDeal, 'PATCH', {
        resource: '/deals/{id}',
        params: { id: largest.json.id },
        body: { amount },
      });
      expect(patched.status).toBe(400);
      expect(patched.json.error.details[0].path).toBe('amount');
    }
  });
});

describe('a deal lost says why', () => {
  it('refuses a move to lost without a reason, or with one not on the list, naming lostReason; writes nothing', async () => {
    const { id: accountId } = await newAccount();
    const deal = (await open(accountId)).json;
    const lose = (body: object) =>
      call(updateDeal, 'PATCH', { resource: '/deals/{id}', params: { id: deal.id }, body });
    for (const body of [
      { stage: 'lost' },
      { stage: 'lost', lostReason: 'bad_luck' },
      { stage: 'lost', lostReason: 'Price!' },
    ]) {
      const refused = await lose(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.details.map((detail: { path: string }) => detail.path)).toEqual([
        'lostReason',
      ]);
    }
    // A reason (or a note) without the move to lost is refused too: it is said when the deal is lost.
    for (const body of [
      { lostReason: 'price' },
      { stage: 'won', lostReason: 'price' },
      { title: 'x', lostNote: 'n' },
    ]) {
      const refused = await lose(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect(await read(deal.id)).toMatchObject({ stage: 'prospecting', version: 1 });
    const lost = await lose({
      stage: 'lost',
      lostReason: 'declined_by_us',
      lostNote: 'Not a fit for our practice.',
    });
    expect(lost.status).toBe(200);
    expect(lost.json).toMatchObject({
      stage: 'lost',
      lostReason: 'declined_by_us',
      lostNote: 'Not a fit for our practice.',
      version: 2,
    });
    expect(typeof lost.json.closedAt).toBe('string');
  });
});

describe('a new deal', () => {
  it('is a standard sale unless it is tailored work with a scope', async () => {
    const { id: accountId } = await newAccount();
    expect((await open(accountId)).json).toMatchObject({ engagementType: 'standard' });
    const tailored = await open(accountId, {
      engagementType: 'tailored',
      scope: 'Migration project, three phases',
    });
    expect(tailored.status).toBe(201);
    expect(tailored.json).toMatchObject({
      engagementType: 'tailored',
      scope: 'Migration project, three phases',
    });
    // It keeps the account's audience, so the reports tell other departments' deals from external ones.
    expect((await open(accountId)).json.audience).toBe('external');
    const department = await newAccount({ name: 'Finance department', audience: 'internal' });
    expect((await open(department.id)).json.audience).toBe('internal');
    const bad = await open(accountId, { engagementType: 'bespoke', scope: '' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      'engagementType',
      'scope',
    ]);
  });

  it('without an owner takes its account’s owner — unless that owner has left', async () => {
    const owner = await staff();
    const { id: accountId } = await newAccount({ name: 'Owned Co', ownerId: owner });
    const created = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId, title: 'Default owner', amount: 100, currency: 'EUR' },
    });
    expect(created.status).toBe(201);
    expect(created.json.ownerId).toBe(owner);
    // Given an owner, the deal keeps it.
    expect((await open(accountId)).json.ownerId).toBe(olga);
    // An account without an owner: the deal is unowned.
    const { id: bare } = await newAccount({ name: 'Unowned Co' });
    const unowned = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: bare, title: 'No owner', amount: 100, currency: 'EUR' },
    });
    expect(unowned.status).toBe(201);
    expect(unowned.json.ownerId).toBeUndefined();
    // The account's owner deactivated since: no ghost owner, the deal is unowned.
    const leaver = await staff();
    const { id: left } = await newAccount({ name: 'Left Co', ownerId: leaver });
    const deactivated = await call(updateMember, 'PATCH', {
      resource: '/team/{id}',
      params: { id: leaver },
      body: { active: false },
    });
    expect(deactivated.status).toBe(200);
    const orphan = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: left, title: 'Orphan', amount: 100, currency: 'EUR' },
    });
    expect(orphan.status).toBe(201);
    expect(orphan.json.ownerId).toBeUndefined();
  });
});

describe('lists', () => {
  it('serves deals by stage, by owner and per account from indexes', async () => {
    const account = await newAccount();
    const owner = await staff();
    const a = (await open(account.id, { ownerId: owner, stage: 'proposal', expectedCloseDate: '2027-03-01' }))
      .json;
    const b = (await open(account.id, { ownerId: owner, stage: 'proposal', expectedCloseDate: '2027-01-10' }))
      .json;
    const c = (await open(account.id, { ownerId: owner })).json;
    const byOwner = await call(listDeals, 'GET', { resource: '/deals', query: { ownerId: owner } });
    expect(byOwner.json.items.map((deal: { id: string }) => deal.id).sort()).toEqual(
      [a.id, b.id, c.id].sort(),
    );
    const proposals = await call(listDeals, 'GET', {
      resource: '/deals',
      query: { ownerId: owner, stage: 'proposal' },
    });
    expect(proposals.json.items.map((deal: { id: string }) => deal.id).sort()).toEqual([a.id, b.id].sort());
    const byStage = await call(listDeals, 'GET', {
      resource: '/deals',
      query: { stage: 'proposal', limit: '100' },
    });
    const ids = byStage.json.items.map((deal: { id: string }) => deal.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id)); // soonest expected close first
    await move(a.id, 'negotiation');
    const stillProposals = await call(listDeals, 'GET', {
      resource: '/deals',
      query: { stage: 'proposal', limit: '100' },
    });
    expect(stillProposals.json.items.map((deal: { id: string }) => deal.id)).not.toContain(a.id);
    const ofAccount = await call(listAccountDeals, 'GET', {
      resource: '/accounts/{id}/deals',
      params: { id: account.id },
    });
    expect(ofAccount.json.items.map((deal: { id: string }) => deal.id)).toEqual([c.id, b.id, a.id]);
  });
});

function stageChanged(accountId: string, dealId: string, from: Stage, to: Stage) {
  return async (): Promise<EventBridgeEvent<'DealStageChanged', unknown>> => {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: dealKey(accountId, dealId) }),
    );
    if (Item === undefined) throw new Error('no deal');
    const record: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: {
        NewImage: marshall(Item, { removeUndefinedValues: true }) as never,
        OldImage: marshall(
          { ...Item, stage: from, version: Number(Item.version) - 1 },
          { removeUndefinedValues: true },
        ) as never,
      },
    };
    const domainEvent = toDomainEvent(record);
    expect(domainEvent?.detailType).toBe('DealStageChanged');
    expect(domainEvent?.detail.change).toEqual({ field: 'stage', from, to });
    return {
      version: '0',
      id: 'e',
      'detail-type': 'DealStageChanged',
      source: 'clientele',
      account: '0',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: domainEvent?.detail,
    };
  };
}

describe('stage automations', () => {
  const followUpsOf = async (dealId: string) => {
    const { Items } = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :type',
        FilterExpression: 'links.dealId = :deal',
        ExpressionAttributeValues: { ':type': 'TYPE#TASK', ':deal': dealId },
      }),
    );
    return Items ?? [];
  };

  it('proposal → two follow-up tasks for the owner on the 3rd and 7th business day at 09:00 UTC, however often delivered', async () => {
    const account = await newAccount();
    const deal = (await open(account.id)).json;
    await move(deal.id, 'proposal');
    const event = await stageChanged(account.id, deal.id, 'prospecting', 'proposal')();
    await Promise.all([1, 2, 3].map(() => createFollowUps(event)));
    const items = await followUpsOf(deal.id);
    expect(items).toHaveLength(2);
    const moved = new Date(String((event.detail as { occurredAt: string }).occurredAt));
    expect(items.map((task) => String(task.dueAt)).sort()).toEqual(
      [addBusinessDays(moved, 3), addBusinessDays(moved, 7)].map((due) => due.toISOString()).sort(),
    );
    expect(items.every((task) => task.assigneeId === olga)).toBe(true);
    expect(items.map((task) => task.id).sort()).toEqual(
      [derivedId(`${deal.id}#proposal#3`), derivedId(`${deal.id}#proposal#7`)].sort(),
    );
  });

  it('counts business days: a quote sent on a Thursday is followed up the next Tuesday and the Monday after, at 09:00', () => {
    const thursday = new Date('2026-12-03T16:45:00Z');
    expect(addBusinessDays(thursday, 3).toISOString()).toBe('2026-12-08T09:00:00.000Z');
    expect(addBusinessDays(thursday, 7).toISOString()).toBe('2026-12-14T09:00:00.000Z');
    // A quote sent on a Saturday: Wednesday and the Tuesday after.
    expect(addBusinessDays(new Date('2026-12-05T10:00:00Z'), 3).toISOString()).toBe(
      '2026-12-09T09:00:00.000Z',
    );
    expect(addBusinessDays(new Date('2026-12-05T10:00:00Z'), 7).toISOString()).toBe(
      '2026-12-15T09:00:00.000Z',
    );
  });

  it('a deal opened in proposal gets the same follow-ups, from its DealCreated, once — and the rule matches both', async () => {
    const account = await newAccount();
    const deal = (await open(account.id, { stage: 'proposal' })).json;
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: dealKey(account.id, deal.id) }),
    );
    const domainEvent = toDomainEvent({
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall(Item ?? {}, { removeUndefinedValues: true }) as never },
    });
    expect(domainEvent?.detailType).toBe('DealCreated');
    const event: EventBridgeEvent<'DealCreated', unknown> = {
      version: '0',
      id: 'e',
      'detail-type': 'DealCreated',
      source: 'clientele',
      account: '0',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: domainEvent?.detail,
    };
    const rule = RULES.find((candidate) => candidate.name === 'ProposalFollowUps');
    expect(rule).toBeDefined();
    expect(matches(rule?.pattern ?? {}, event)).toBe(true);
    expect(
      matches(rule?.pattern ?? {}, {
        ...event,
        detail: { ...(event.detail as object), data: { ...Item, stage: 'prospecting' } },
      }),
    ).toBe(false);
    expect(
      matches(rule?.pattern ?? {}, await stageChanged(account.id, deal.id, 'qualification', 'proposal')()),
    ).toBe(true);
    await Promise.all([1, 2].map(() => createFollowUps(event)));
    const items = await followUpsOf(deal.id);
    expect(items.map((task) => task.id).sort()).toEqual(
      [derivedId(`${deal.id}#proposal#3`), derivedId(`${deal.id}#proposal#7`)].sort(),
    );
    const opened = new Date(deal.createdAt);
    expect(items.map((task) => String(task.dueAt)).sort()).toEqual(
      [addBusinessDays(opened, 3), addBusinessDays(opened, 7)].map((due) => due.toISOString()).sort(),
    );
  });

  it('won → the account becomes an active client (retainer) or customer, acquiredAt set, once', async () => {
    for (const [billing, relationship] of [
      [{ model: 'retainer', monthlyFee: 500_00 }, 'client'],
      [{ model: 'per_purchase' }, 'customer'],
    ] as const) {
      const account = await newAccount({
        name: 'Winner',
        relationship: 'customer',
        lifecycleStage: 'opportunity',
        billing,
      });
      const deal = (await open(account.id)).json;
      await move(deal.id, 'won');
      const event = await stageChanged(account.id, deal.id, 'prospecting', 'won')();
      for (const times of [1, 2, 3]) {
        await Promise.all(Array.from({ length: times }, () => activateWonAccount(event)));
      }
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: TABLE_NAME, Key: { pk: `ACCOUNT#${account.id}`, sk: 'ACCOUNT' } }),
      );
      expect(Item).toMatchObject({
        lifecycleStage: 'active',
        relationship,
        gsi2pk: 'ACCOUNT#STAGE#active',
        version: 2,
      });
      expect(Item?.acquiredAt).toBe((await read(deal.id)).closedAt);
    }
  });

  it('won never turns a client into a customer: a fixed-fee project client stays a client', async () => {
    const account = await newAccount({
      name: 'Project client',
      relationship: 'client',
      lifecycleStage: 'opportunity',
      billing: { model: 'per_purchase' },
    });
    const deal = (await open(account.id)).json;
    await move(deal.id, 'won');
    await activateWonAccount(await stageChanged(account.id, deal.id, 'prospecting', 'won')());
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: TABLE_NAME, Key: { pk: `ACCOUNT#${account.id}`, sk: 'ACCOUNT' } }),
    );
    expect(Item).toMatchObject({
      lifecycleStage: 'active',
      relationship: 'client',
      gsi3pk: 'ACCOUNT#REL#client',
    });
  });
});
