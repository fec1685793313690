// A form submission as the automations receive it: posted through the public route and read back as stored,
// and the FormSubmitted event the relay makes of it. Nothing here reads the table name when it loads, so a test
// on a table of its own (useOwnTable) may import it before choosing the table.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, EventBridgeEvent } from 'aws-lambda';
import { expect } from 'vitest';
import type { Submission } from '../../functions/forms/form.ts';
import { loadHandler } from '../../local/runtime.ts';
import { call } from './api.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Post `values` to the form (202), and the submission as stored. */
export async function submitForm(formId: string, values: Record<string, string>): Promise<Submission> {
  const submit = await loadHandler<Handler>('forms/handlers/submit-form');
  const response = await call(submit, 'POST', {
    resource: '/forms/{id}/submissions',
    params: { id: formId },
    body: values,
    sub: null,
  });
  expect(response.status).toBe(202);
  const { getSubmission } = await import('../../functions/forms/form-store.ts');
  const submission = await getSubmission(formId, response.json.submissionId);
  if (submission === undefined) throw new Error('submission not stored');
  return submission;
}

/** The FormSubmitted event of a stored submission, as EventBridge delivers it to a rule's target. */
export const formSubmitted = (submission: Submission): EventBridgeEvent<'FormSubmitted', unknown> => ({
  version: '0',
  id: `evt-${submission.id}`,
  'detail-type': 'FormSubmitted',
  source: 'clientele',
  account: '000000000000',
  time: submission.receivedAt,
  region: 'us-east-1',
  resources: [],
  detail: {
    eventId: '00000000-0000-0000-0000-000000000000',
    eventVersion: 1,
    entity: 'Submission',
    id: submission.id,
    occurredAt: submission.receivedAt,
    data: submission,
  },
});

type AnyHandler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * Handlers by their file name (`forms/handlers/submit-form` → `submit-form`), loaded the way the local runtime
 * loads them — after the test has chosen its table and environment.
 */
export async function handlersByName(names: readonly string[]): Promise<Record<string, AnyHandler>> {
  return Object.fromEntries(
    await Promise.all(
      names.map(
        async (name) => [name.slice(name.lastIndexOf('/') + 1), await loadHandler<AnyHandler>(name)] as const,
      ),
    ),
  );
}
