// Helpers for the public form endpoints: call a handler and keep its answer as text (HTML pages, empty 303
// bodies), build multipart bodies the way a browser does, create forms, and look at what a submission left
// in the table (its items in the form's partition, its idempotency claim).
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { handler as createForm } from '../../functions/forms/handlers/create-form.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { idempotencyKey } from '../../functions/platform/keys.ts';
import { fingerprint } from '../../functions/platform/store.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { call, callRaw } from './api.ts';

export type { RawCallResult } from './api.ts';
export { callRaw };

/** A multipart/form-data body as a browser would send it: its text and its content type (with boundary). */
export async function multipart(
  entries: readonly (readonly [string, string | Blob, string?])[],
): Promise<{ body: string; contentType: string }> {
  const data = new FormData();
  for (const [name, value, filename] of entries) {
    if (typeof value === 'string') data.append(name, value);
    else data.append(name, value, filename ?? 'upload.bin');
  }
  const response = new Response(data);
  const contentType = response.headers.get('content-type');
  if (contentType === null) throw new Error('FormData gave no content type');
  return { body: await response.text(), contentType };
}

/** The sorted detail paths of a JSON error answer. */
export const detailPaths = (answer: { json: { error?: { details?: { path: string }[] } } }) =>
  (answer.json?.error?.details ?? []).map((detail) => detail.path).sort();

/** The lead form both submission test files post to. */
export const LEAD_FORM = {
  name: 'Talk to sales',
  kind: 'lead',
  fields: [
    { name: 'name', label: 'Your name', type: 'text', required: true },
    { name: 'email', label: 'E-mail', type: 'email', required: true },
    { name: 'company', label: 'Company', type: 'text', maxLength: 50 },
    { name: 'interest', label: 'Interested in', type: 'select', options: ['crm', 'support'] },
    { name: 'consent', label: 'Keep me posted', type: 'checkbox' },
    { name: 'seats', label: 'Seats', type: 'number' },
  ],
  allowedOrigins: ['https://www.example.com'],
} as const;

/** Create a form through POST /forms (as an admin) and return it. */
// biome-ignore lint/suspicious/noExplicitAny: the created form is inspected field by field
export async function defineForm(definition: Record<string, unknown>): Promise<any> {
  const created = await call(createForm, 'POST', { resource: '/forms', body: definition });
  if (created.status !== 201) throw new Error(`form not created: ${JSON.stringify(created.json)}`);
  return created.json;
}

/** The submissions stored in a form's partition, read directly from the table (strongly consistent). */
export async function storedSubmissions(formId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `FORM#${formId}`, ':prefix': 'SUBMISSION#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

export const countSubmissions = async (formId: string) => (await storedSubmissions(formId)).length;

/** The idempotency claim a submission with this key (header or field) would leave, if any. */
export async function keyClaim(formId: string, key: string): Promise<Record<string, unknown> | undefined> {
  return readClaim(`form:${formId}`, key);
}

/** The claim an un-keyed submission of these (cleaned) values would leave, if any. */
export async function contentClaim(
  formId: string,
  values: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  return readClaim(`form:${formId}:content`, fingerprint(values));
}

/** Every idempotency claim left for a form, by key or by content (a scan: fine for a test table). */
export async function claimsOfForm(formId: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({
        TableName: TABLE_NAME,
        FilterExpression: 'begins_with(pk, :byKey) OR begins_with(pk, :byContent)',
        ExpressionAttributeValues: {
          ':byKey': `IDEMPOTENCY#${fingerprint(`form:${formId}`)}#`,
          ':byContent': `IDEMPOTENCY#${fingerprint(`form:${formId}:content`)}#`,
        },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

async function readClaim(scope: string, key: string) {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: idempotencyKey(fingerprint(scope), fingerprint(key)),
      ConsistentRead: true,
    }),
  );
  return Item;
}

export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
