// A crafted cursor of the right shape whose sort key lies outside the list's range — DynamoDB refuses it as
// a starting key — is the caller's bad cursor: a 400 naming query.cursor, never a 500.
import { describe, expect, it } from 'vitest';
import { handler as listAccounts } from '../../functions/accounts/handlers/list-accounts.ts';
import { handler as listDeals } from '../../functions/sales/handlers/list-deals.ts';
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
