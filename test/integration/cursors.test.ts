// A crafted cursor of the right shape whose sort key lies outside the list's range — DynamoDB refuses it as
// a starting key — is the caller's bad cursor: a 400 naming query.cursor, never a 500. And a bad cursor on
// a list under a parent (an account, a form) leaves no started read of the parent unobserved.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { handler as listAccountContacts } from '../../functions/accounts/handlers/list-account-contacts.ts';
import { handler as listAccounts } from '../../functions/accounts/handlers/list-accounts.ts';
import { handler as listInteractions } from '../../functions/accounts/handlers/list-interactions.ts';
import { handler as listSubmissions } from '../../functions/forms/handlers/list-submissions.ts';
import { handler as listAccountInvoices } from '../../functions/orders/handlers/list-account-invoices.ts';
import { handler as listAccountDeals } from '../../functions/sales/handlers/list-account-deals.ts';
import { handler as listDeals } from '../../functions/sales/handlers/list-deals.ts';
import { handler as listAccountTickets } from '../../functions/service/handlers/list-account-tickets.ts';
import { handler as listTasks } from '../../functions/work/handlers/list-tasks.ts';
import { call } from '../support/api.ts';
import { TESTER } from '../support/tester.ts';

const cursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('crafted cursors', () => {
  it('outside the range of the list are a 400 naming the cursor', async () => {
    const owner = TESTER.id;
    const answers = [
      await call(listAccounts, 'GET', {
        resource: '/accounts',
        query: {
          ownerId: owner,
          cursor: cursor({ pk: 'X', sk: 'Y', gsi1pk: `OWNER#${owner}`, gsi1sk: 'DEAL#Z' }),
        },
      }),
      await call(listDeals, 'GET', {
        resource: '/deals',
        query: {
          ownerId: owner,
          cursor: cursor({ pk: 'X', sk: 'Y', gsi1pk: `OWNER#${owner}`, gsi1sk: 'ACCOUNT#Z' }),
        },
      }),
      await call(listTasks, 'GET', {
        resource: '/tasks',
        query: {
          assigneeId: owner,
          dueBefore: '2027-01-01T00:00:00Z',
          cursor: cursor({ pk: 'X', sk: 'Y', gsi1pk: `ASSIGNEE#${owner}`, gsi1sk: 'TASK#2099-01-01' }),
        },
      }),
    ];
    for (const answer of answers) {
      expect(answer.status, answer.text).toBe(400);
      expect(answer.json.error.details).toEqual([
        { path: 'query.cursor', message: 'The cursor is not valid here.' },
      ]);
    }
  });
});

describe('a bad cursor on a list under a parent', () => {
  it('is a 400 naming the cursor, and the check of an unknown parent never rejects unobserved', async () => {
    // Node ends a process on an unhandled rejection (the local runtime did, after answering the 400).
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const lists = [
        [listInteractions, '/accounts/{id}/interactions'],
        [listAccountContacts, '/accounts/{id}/contacts'],
        [listAccountDeals, '/accounts/{id}/deals'],
        [listAccountInvoices, '/accounts/{id}/invoices'],
        [listAccountTickets, '/accounts/{id}/tickets'],
        [listSubmissions, '/forms/{id}/submissions'],
      ] as const;
      for (const [handler, resource] of lists) {
        for (const cursor of ['x', Buffer.from('{"pk":1}').toString('base64url')]) {
          const answer = await call(handler, 'GET', { resource, params: { id: ulid() }, query: { cursor } });
          expect(answer.status, `${resource} ${answer.text}`).toBe(400);
          expect(answer.json.error.details[0].path).toBe('query.cursor');
        }
      }
      // Long enough for a parent read started meanwhile to come back with its 404.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(unhandled).toEqual([]);
  });
});
