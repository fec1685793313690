// Every record state machine, model-based against DynamoDB Local (test/support/model.ts): illegal moves 409
// and nothing written, stale If-Match 412 and nothing written, each legal move one write and exactly one
// status event on the stream. Adding a machine is one declaration below and one entry in MACHINES.
import { describe, it } from 'vitest';
import { handler as createAccount } from '../../functions/accounts/handlers/create-account.ts';
import { orderKey } from '../../functions/orders/entity.ts';
import { handler as createOrder } from '../../functions/orders/handlers/create-order.ts';
import { handler as getOrder } from '../../functions/orders/handlers/get-order.ts';
import { handler as updateOrder } from '../../functions/orders/handlers/update-order.ts';
import { ORDER_STATES, type OrderStatus } from '../../functions/orders/order.ts';
import { OPEN_STAGES, STAGES, type Stage } from '../../functions/sales/deal.ts';
import { dealKey } from '../../functions/sales/entity.ts';
import { handler as createDeal } from '../../functions/sales/handlers/create-deal.ts';
import { handler as getDeal } from '../../functions/sales/handlers/get-deal.ts';
import { handler as updateDeal } from '../../functions/sales/handlers/update-deal.ts';
import { ticketKey } from '../../functions/service/entity.ts';
import { handler as createTicket } from '../../functions/service/handlers/create-ticket.ts';
import { handler as getTicket } from '../../functions/service/handlers/get-ticket.ts';
import { handler as updateTicket } from '../../functions/service/handlers/update-ticket.ts';
import { TICKET_STATES, type TicketStatus } from '../../functions/service/ticket.ts';
import { call } from '../support/api.ts';
import { assertStateMachine, type StateMachine } from '../support/model.ts';
import { staff } from '../support/staff.ts';

let olgaId: string | undefined;
/** The deals' owner: a sales member, made once. */
const olga = async () => {
  olgaId ??= await staff();
  return olgaId;
};

/** One account for all the records here, made on first use. */
let account: Promise<string> | undefined;
const accountId = () => {
  account ??= call(createAccount, 'POST', { resource: '/accounts', body: { name: 'State Machines' } }).then(
    (answer) => answer.json.id as string,
  );
  return account;
};

// The models, written from the product's rules rather than from the code under test.

/** Forward moves may skip stages; lost from any open stage; won and lost are final. */
const DEAL_MOVES: Record<Stage, readonly Stage[]> = {
  prospecting: ['qualification', 'presentation', 'proposal', 'negotiation', 'won', 'lost'],
  qualification: ['presentation', 'proposal', 'negotiation', 'won', 'lost'],
  presentation: ['proposal', 'negotiation', 'won', 'lost'],
  proposal: ['negotiation', 'won', 'lost'],
  negotiation: ['won', 'lost'],
  won: [],
  lost: [],
};

const deals: StateMachine<Stage> = {
  name: 'deal',
  states: STAGES,
  allowed: (from) => DEAL_MOVES[from],
  startStates: OPEN_STAGES,
  field: 'stage',
  eventType: 'DealStageChanged',
  ifMatch: true,
  stamps: ['closedAt', 'lostReason'],
  onMove: (after, _from, to) => {
    if ((to === 'won' || to === 'lost') !== (typeof after.closedAt === 'string'))
      throw new Error(`closedAt is ${String(after.closedAt)} after moving to ${to}`);
    if ((to === 'lost') !== (after.lostReason === 'price'))
      throw new Error(`lostReason is ${String(after.lostReason)} after moving to ${to}`);
  },
  create: async (stage) =>
    call(createDeal, 'POST', {
      resource: '/deals',
      body: {
        accountId: await accountId(),
        title: 'Model deal',
        amount: 990_00,
        currency: 'EUR',
        expectedCloseDate: '2027-06-30',
        ownerId: await olga(),
        stage,
      },
    }),
  // A move to lost says why (a reason of the default list).
  move: (id, stage, headers) =>
    call(updateDeal, 'PATCH', {
      resource: '/deals/{id}',
      params: { id },
      body: stage === 'lost' ? { stage, lostReason: 'price' } : { stage },
      headers,
    }),
  read: (id) => call(getDeal, 'GET', { resource: '/deals/{id}', params: { id } }),
  key: (deal) => dealKey(String(deal.accountId), deal.id),
};

/** placed → in_fulfillment → fulfilled; cancelled before fulfilment; fulfilled and cancelled are final. */
const ORDER_MOVES: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['in_fulfillment', 'cancelled'],
  in_fulfillment: ['fulfilled', 'cancelled'],
  fulfilled: [],
  cancelled: [],
};

const orders: StateMachine<OrderStatus> = {
  name: 'order',
  states: ORDER_STATES,
  allowed: (from) => ORDER_MOVES[from],
  startStates: ['placed'],
  field: 'status',
  eventType: 'OrderStatusChanged',
  ifMatch: true,
  stamps: ['fulfilledAt'],
  onMove: (after, _from, to) => {
    if ((to === 'fulfilled') !== (typeof after.fulfilledAt === 'string'))
      throw new Error(`fulfilledAt is ${String(after.fulfilledAt)} after moving to ${to}`);
  },
  create: async () =>
    call(createOrder, 'POST', {
      resource: '/orders',
      body: { accountId: await accountId(), lines: [{ product: 'Widget', quantity: 2, unitPrice: 1999 }] },
    }),
  move: (id, status, headers) =>
    call(updateOrder, 'PATCH', { resource: '/orders/{id}', params: { id }, body: { status }, headers }),
  read: (id) => call(getOrder, 'GET', { resource: '/orders/{id}', params: { id } }),
  key: (order) => orderKey(String(order.accountId), order.id),
};

/** new → open → pending → resolved → closed; skips forward to pending/resolved; pending ⇄ open; reopen. */
const TICKET_MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'resolved'],
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

const tickets: StateMachine<TicketStatus> = {
  name: 'ticket',
  states: TICKET_STATES,
  allowed: (from) => TICKET_MOVES[from],
  startStates: ['new'],
  field: 'status',
  eventType: 'TicketStatusChanged',
  ifMatch: true,
  stamps: ['firstResponseAt', 'resolvedAt', 'resolutions', 'reopenedAt', 'closedAt'],
  onMove: (after, from, to) => {
    if (typeof after.firstResponseAt !== 'string')
      throw new Error(`no firstResponseAt after moving ${from} → ${to}`);
    if ((to === 'resolved' || to === 'closed') !== (typeof after.resolvedAt === 'string'))
      throw new Error(`resolvedAt is ${String(after.resolvedAt)} after moving ${from} → ${to}`);
    if ((to === 'closed') !== (typeof after.closedAt === 'string'))
      throw new Error(`closedAt is ${String(after.closedAt)} after moving to ${to}`);
    if (from === 'resolved' && to === 'open' && typeof after.reopenedAt !== 'string')
      throw new Error('a reopen stamps no reopenedAt');
  },
  create: async () =>
    call(createTicket, 'POST', {
      resource: '/tickets',
      body: { accountId: await accountId(), problem: 'Model ticket', priority: 'high' },
    }),
  move: (id, status, headers) =>
    call(updateTicket, 'PATCH', { resource: '/tickets/{id}', params: { id }, body: { status }, headers }),
  read: (id) => call(getTicket, 'GET', { resource: '/tickets/{id}', params: { id } }),
  key: (ticket) => ticketKey(String(ticket.accountId), ticket.id),
};

const MACHINES: readonly StateMachine<string>[] = [deals, orders, tickets];

describe('state machines, model-based', () => {
  for (const machine of MACHINES) {
    it(`${machine.name}: legal moves 200 with one event each, illegal 409, stale If-Match 412, refusals write nothing`, async () => {
      await assertStateMachine(machine, { numRuns: 30, maxCommands: 10 });
    });
  }
});
