// The survey lists under record-level visibility, against DynamoDB Local with sales set to `own`: a seller lists
// the surveys of their own accounts and tickets, gets 404 for another seller's (as if they did not exist), and
// service (`all`) lists every one.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHandler } from '../../local/runtime.ts';
import { call } from '../support/api.ts';
import { useOwnTable } from '../support/own-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

await useOwnTable('survey-visibility');
process.env.VISIBILITY = JSON.stringify({ sales: 'own' });
const handler = (name: string) => loadHandler<Handler>(name);
const h = {
  createMember: await handler('team/handlers/create-member'),
  createAccount: await handler('accounts/handlers/create-account'),
  createContact: await handler('accounts/handlers/create-contact'),
  createTicket: await handler('service/handlers/create-ticket'),
  listSurveys: await handler('service/handlers/list-surveys'),
};
const { sendSurvey } = await import('../../functions/service/survey-store.ts');
const { getTicket } = await import('../../functions/service/ticket-store.ts');

const run = Date.now().toString(36);
async function member(name: string, roles: string[]) {
  const sub = `${name}-${run}`;
  const made = await call(h.createMember, 'POST', {
    resource: '/team',
    body: { name, email: `${sub}@clientele.test`, roles, userId: sub },
  });
  expect(made.status).toBe(201);
  return { id: made.json.id as string, sub };
}

const sellers: { id: string; sub: string; accountId: string; ticketId: string }[] = [];
let service: { id: string; sub: string };

beforeAll(async () => {
  service = await member('sam', ['service']);
  for (const name of ['ada', 'bo']) {
    const seller = await member(name, ['sales']);
    const account = await call(h.createAccount, 'POST', {
      resource: '/accounts',
      body: { name: `${name}'s client`, ownerId: seller.id },
    });
    const accountId = account.json.id as string;
    const contact = await call(h.createContact, 'POST', {
      resource: '/accounts/{id}/contacts',
      params: { id: accountId },
      body: { name: 'Dana Doe', email: `dana.${name}.${run}@customer.test` },
    });
    const ticket = await call(h.createTicket, 'POST', {
      resource: '/tickets',
      body: { accountId, contactId: contact.json.id, problem: 'Slow', assigneeId: service.id },
    });
    expect(ticket.status).toBe(201);
    const resolved = { ...(await getTicket(ticket.json.id)), resolvedAt: new Date().toISOString() };
    expect((await sendSurvey(resolved, 'https://crm.example.test/v1', new Date())).sent).toBe(true);
    sellers.push({ ...seller, accountId, ticketId: ticket.json.id });
  }
});

const list = (who: { sub: string }, groups: string[], query: Record<string, string>) =>
  call(h.listSurveys, 'GET', { resource: '/surveys', query, sub: who.sub, groups });

describe('GET /surveys under `own` visibility', () => {
  it('lists a seller’s own, 404s another’s, and lists all for service', async () => {
    const [ada, bo] = sellers;
    if (ada === undefined || bo === undefined) throw new Error('two sellers expected');
    for (const query of [{ accountId: ada.accountId }, { ticketId: ada.ticketId }] as Record<
      string,
      string
    >[]) {
      const own = await list(ada, ['sales'], query);
      expect(own.status).toBe(200);
      expect(own.json.items).toEqual([expect.objectContaining({ ticketId: ada.ticketId, status: 'sent' })]);
      expect((await list(bo, ['sales'], query)).status).toBe(404);
      expect((await list(service, ['service'], query)).json.items).toHaveLength(1);
    }
  });
});
