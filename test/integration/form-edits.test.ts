// Editing a form against DynamoDB Local (PATCH /forms/{id}): each change is a new version (ETag, If-Match →
// 412), checked whole as a new form is (400 naming the problem, nothing written), its kind fixed; racing
// changes each apply to what the others left; and each submission records the version it was made against.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { formKey } from '../../functions/forms/entity.ts';
import { PUBLIC_FORM_TTL_MS } from '../../functions/forms/form-store.ts';
import { handler as submitForm } from '../../functions/forms/handlers/submit-form.ts';
import { handler as updateForm } from '../../functions/forms/handlers/update-form.ts';
import { documentClient } from '../../functions/platform/clients.ts';
import { TABLE_NAME } from '../../functions/platform/table-name.ts';
import { call } from '../support/api.ts';
import { defineForm, LEAD_FORM, storedSubmissions } from '../support/forms.ts';

const patch = (id: string, body: unknown, ifMatch?: number) =>
  call(updateForm, 'PATCH', {
    resource: '/forms/{id}',
    params: { id },
    body,
    ...(ifMatch === undefined ? {} : { headers: { 'If-Match': `"${ifMatch}"` } }),
  });
const submit = (id: string, values: Record<string, unknown>) =>
  call(submitForm, 'POST', { resource: '/forms/{id}/submissions', params: { id }, body: values, sub: null });

describe('PATCH /forms/{id}', () => {
  it('makes a new version that later submissions record, and keeps the earlier ones as they were', async () => {
    const form = await defineForm({ ...LEAD_FORM, redirectUrl: 'https://www.example.com/thanks' });
    const before = await submit(form.id, { name: 'Ann', email: `ann.${Date.now()}@example.test` });
    expect(before.status, before.text).toBe(202);
    const changed = await patch(
      form.id,
      {
        name: 'Talk to us',
        fields: [...LEAD_FORM.fields, { name: 'phone', label: 'Phone', type: 'phone' }],
        redirectUrl: null,
      },
      1,
    );
    expect(changed.status, changed.text).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json).toMatchObject({ id: form.id, name: 'Talk to us', kind: 'lead', version: 2 });
    expect(changed.json).not.toHaveProperty('redirectUrl');
    // Options are kept on a select only, as when the form was made.
    expect(changed.json.fields.at(-1)).toEqual({
      name: 'phone',
      label: 'Phone',
      type: 'phone',
      required: false,
    });
    const after = await submit(form.id, {
      name: 'Bo',
      email: `bo.${Date.now()}@example.test`,
      phone: '+31 20 123',
    });
    expect(after.status, after.text).toBe(202);
    const stored = await storedSubmissions(form.id);
    const versionOf = (id: string) => stored.find((item) => item.id === id)?.formVersion;
    expect(versionOf(before.json.submissionId)).toBe(1);
    expect(versionOf(after.json.submissionId)).toBe(2);
  });

  it('refuses a change that leaves an invalid form, or its kind, naming the problem; nothing written', async () => {
    const form = await defineForm(LEAD_FORM);
    const withoutEmail = LEAD_FORM.fields.filter((field) => field.name !== 'email');
    const cases: [unknown, string][] = [
      [{ fields: withoutEmail }, 'fields'],
      [{ fields: [...LEAD_FORM.fields, LEAD_FORM.fields[0]] }, `fields.${LEAD_FORM.fields.length}.name`],
      [{ honeypotField: 'email' }, 'fields.1.name'],
      [{ kind: 'support' }, 'kind'],
      [{ redirectUrl: 'javascript:alert(1)' }, 'redirectUrl'],
      [{}, 'body'],
    ];
    for (const [body, path] of cases) {
      const refused = await patch(form.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    const stale = await patch(form.id, { name: 'Late' }, 0);
    expect(stale.status).toBe(412);
    const unchanged = await patch(form.id, { submitLabel: 'Send it' }, 1);
    expect(unchanged.status, unchanged.text).toBe(200);
    expect(unchanged.json).toMatchObject({ name: LEAD_FORM.name, version: 2 });
    expect((await patch('01ARZ3NDEKTSV4RRFFQ69G5FAV', { name: 'Nobody' })).status).toBe(404);
  });

  it('loses no change when edits race', async () => {
    const form = await defineForm(LEAD_FORM);
    const answers = await Promise.all([
      patch(form.id, { name: 'Renamed' }),
      patch(form.id, { description: 'Tell us what you need.' }),
      patch(form.id, { submitLabel: 'Ask' }),
      patch(form.id, { allowedOrigins: ['https://shop.example.com'] }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const last = answers.reduce((latest, answer) =>
      answer.json.version > latest.json.version ? answer : latest,
    );
    expect(last.json).toMatchObject({
      name: 'Renamed',
      description: 'Tell us what you need.',
      submitLabel: 'Ask',
      allowedOrigins: ['https://shop.example.com'],
      version: 5,
    });
  });

  it("reads a form once per instance for its visitors' submissions, and serves another instance's change within the TTL", async () => {
    const form = await defineForm(LEAD_FORM);
    const key = formKey(form.id);
    let reads = 0;
    const counter = 'countFormReads';
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: { pk?: unknown; sk?: unknown } };
        if (context.commandName === 'GetItemCommand' && input.Key?.pk === key.pk && input.Key.sk === key.sk)
          reads++;
        return next(args);
      },
      { step: 'initialize', name: counter },
    );
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      const started = Date.now();
      for (const name of ['Ann', 'Bo', 'Cy']) {
        const answer = await submit(form.id, {
          name,
          email: `${name.toLowerCase()}.${started}@example.test`,
        });
        expect(answer.status, answer.text).toBe(202);
      }
      expect(reads).toBe(1);
      // Another instance changes the form (here: the table, behind this instance's back).
      await documentClient.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: key,
          UpdateExpression: 'SET version = :two',
          ExpressionAttributeValues: { ':two': 2 },
        }),
      );
      const within = await submit(form.id, { name: 'Di', email: `di.${started}@example.test` });
      vi.setSystemTime(started + PUBLIC_FORM_TTL_MS + 1);
      const after = await submit(form.id, { name: 'Ed', email: `ed.${started}@example.test` });
      expect(reads).toBe(2);
      const stored = await storedSubmissions(form.id);
      const versionOf = (id: string) => stored.find((item) => item.id === id)?.formVersion;
      expect(versionOf(within.json.submissionId)).toBe(1);
      expect(versionOf(after.json.submissionId)).toBe(2);
      // A change made through this instance is served at once.
      const { Item } = await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: key }));
      expect(Item?.version).toBe(2);
      const renamed = await patch(
        form.id,
        { fields: [...LEAD_FORM.fields, { name: 'phone', label: 'Phone', type: 'phone', required: true }] },
        2,
      );
      expect(renamed.status, renamed.text).toBe(200);
      const missingPhone = await submit(form.id, { name: 'Fay', email: `fay.${started}@example.test` });
      expect(missingPhone.status).toBe(400);
      expect(missingPhone.text).toContain('phone');
    } finally {
      vi.useRealTimers();
      documentClient.middlewareStack.remove(counter);
    }
  });
});
