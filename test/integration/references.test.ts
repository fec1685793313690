// References are real: an owner, assignee or agent must be an active member with the role the job needs,
// and a task's links must point at records that exist — otherwise 400 naming each bad field, and nothing
// written. No ghost owners in reports or workload.
import { describe, expect, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { handler as logInteraction } from '../../functions/accounts/handlers/log-interaction.ts';
import { handler as updateAccount } from '../../functions/accounts/handlers/update-account.ts';
import { handler as createDeal } from '../../functions/sales/handlers/create-deal.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { handler as updateMember } from '../../functions/team/handlers/update-member.ts';
import { handler as createTask } from '../../functions/work/handlers/create-task.ts';
import { call } from '../support/api.ts';
import { staff } from '../support/staff.ts';

const fieldsOf = (answer: { json: { error: { details: { path: string }[] } } }) =>
  answer.json.error.details.map((detail) => detail.path).sort();

describe('references to team members', () => {
  it('take active members with the right role, and refuse anyone else by field', async () => {
    const seller = await staff(['sales']);
    const agent = await staff(['service']);
    const leaver = await staff(['sales']);
    expect(
      (
        await call(updateMember, 'PATCH', {
          resource: '/team/{id}',
          params: { id: leaver },
          body: { active: false },
        })
      ).status,
    ).toBe(200);
    const marker = `Ref ${Date.now()}`;
    const account = await call(createAccount, 'POST', {
      resource: '/accounts',
      body: { name: marker, ownerId: seller },
    });
    expect(account.status).toBe(201);
    for (const ownerId of ['nobody-at-all', '0'.repeat(26), leaver, agent]) {
      const refused = await call(createAccount, 'POST', {
        resource: '/accounts',
        body: { name: marker, ownerId },
      });
      expect(refused.status, ownerId).toBe(400);
      expect(fieldsOf(refused)).toEqual(['ownerId']);
    }
    const moved = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: account.json.id },
      body: { ownerId: agent },
    });
    expect(moved.status).toBe(400);
    expect(moved.json.error.details[0].message).toMatch(/not in sales/);

    const deal = await call(createDeal, 'POST', {
      resource: '/deals',
      body: { accountId: account.json.id, title: 'Ghost', amount: 1, currency: 'EUR', ownerId: leaver },
    });
    expect(deal.status).toBe(400);
    expect(fieldsOf(deal)).toEqual(['ownerId']);

    const ticket = await call(createTicket, 'POST', {
      resource: '/tickets',
      body: { accountId: account.json.id, problem: 'Broken', assigneeId: seller },
    });
    expect(ticket.status).toBe(400);
    expect(fieldsOf(ticket)).toEqual(['assigneeId']);
    const good = await call(createTicket, 'POST', {
      resource: '/tickets',
      body: { accountId: account.json.id, problem: 'Broken', assigneeId: agent },
    });
    expect(good.status).toBe(201);
    const reassigned = await call(updateTicket, 'PATCH', {
      resource: '/tickets/{id}',
      params: { id: good.json.id },
      body: { assigneeId: leaver },
    });
    expect(reassigned.status).toBe(400);

    const logged = await call(logInteraction, 'POST', {
      resource: '/accounts/{id}/interactions',
      params: { id: account.json.id },
      body: { channel: 'call', subject: 'Hi', agentId: 'ghost' },
    });
    expect(logged.status).toBe(400);
    expect(fieldsOf(logged)).toEqual(['agentId']);
    // Unchanged by all the refusals.
    const read = await call(updateAccount, 'PATCH', {
      resource: '/accounts/{id}',
      params: { id: account.json.id },
      body: { leadScore: 5 },
    });
    expect(read.json).toMatchObject({ ownerId: seller, version: 2 });
  });
});

describe('task links', () => {
  it('point at records that exist, each bad one named', async () => {
    const account = (await call(createAccount, 'POST', { resource: '/accounts', body: { name: 'Linked' } }))
      .json;
    const ghost = '0'.repeat(26);
    const refused = await call(createTask, 'POST', {
      resource: '/tasks',
      body: {
        title: 'Follow up',
        dueAt: '2027-01-01T09:00:00Z',
        assigneeId: 'ghost',
        links: { accountId: account.id, contactId: ghost, dealId: ghost, ticketId: ghost, orderId: ghost },
      },
    });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)).toEqual([
      'assigneeId',
      'links.contactId',
      'links.dealId',
      'links.orderId',
      'links.ticketId',
    ]);
    const orphan = await call(createTask, 'POST', {
      resource: '/tasks',
      body: { title: 'Orphan', dueAt: '2027-01-01T09:00:00Z', links: { accountId: ghost, contactId: ghost } },
    });
    expect(fieldsOf(orphan)).toEqual(['links.accountId', 'links.contactId']);
    const made = await call(createTask, 'POST', {
      resource: '/tasks',
      body: { title: 'Fine', dueAt: '2027-01-01T09:00:00Z', links: { accountId: account.id } },
    });
    expect(made.status).toBe(201);
  });
});
