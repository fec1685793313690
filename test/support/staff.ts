// Team members for a test to own, assign and refer to: records may name only active members with the role
// their job needs (an account's or deal's owner is in sales, a ticket's assignee in service). Made through
// POST /team in the table the test runs on.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { loadHandler } from '../../local/runtime.ts';
import { call } from './api.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

let made = 0;
const stamp = Date.now().toString(36);

/** A new active member with `roles` (default sales); its id. */
export async function staff(roles: readonly ('admin' | 'sales' | 'service')[] = ['sales']): Promise<string> {
  const name = `staff-${stamp}-${++made}`;
  const response = await call(await loadHandler<Handler>('team/handlers/create-member'), 'POST', {
    resource: '/team',
    body: { name, email: `${name}@clientele.test`, roles },
  });
  if (response.status !== 201) throw new Error(`could not add a member: ${response.status} ${response.text}`);
  return response.json.id as string;
}
