// A dry run of a contacts file: the mapping used, the first rows as stored, every row error, nothing written
// (previewContacts takes no table at all); and the files it refuses, each naming why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewContacts } from '../../functions/bulk/contact-preview.ts';
import { Invalid } from '../../functions/platform/errors.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/imports');
async function* file(name: string) {
  yield readFileSync(join(FIXTURES, name));
}
async function* text(content: string) {
  yield content;
}
const detailsOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Invalid);
  return (error as Invalid).details;
};

describe('previewContacts', () => {
  it('previews the HubSpot-style export: mapping, first rows, the broken row by column', async () => {
    const preview = await previewContacts(file('hubspot-contacts.csv'), { unknownColumns: 'custom' });
    expect(preview.delimiter).toBe(';');
    expect([preview.rows, preview.valid, preview.invalid]).toEqual([6, 5, 1]);
    expect(preview.sample.map((row) => row.contact.email)).toEqual([
      'juergen.mueller@baeckerei-schroeder.de',
      'soren@fjordlys.no',
      'zoe.dubois@atelier-lefevre.fr',
      'hans.schmidt@baeckerei-schroeder.de',
      'ana@gmail.com',
    ]);
    expect(preview.errors.map((error) => [error.row, error.column])).toEqual([
      [7, 'Email'],
      [7, 'Phone Number'],
      [7, 'Lifecycle Stage'],
    ]);
    expect(preview.errorsTruncated).toBe(false);
  });

  it('previews the Salesforce-style export, the row without a name or e-mail an error', async () => {
    const preview = await previewContacts(file('salesforce-contacts.csv'));
    expect(preview.delimiter).toBe(',');
    expect(preview.sample.map((row) => [row.contact.name, row.account.name])).toEqual([
      ["Margaret O'Brien", 'Harbor Freight Partners, LLC'],
      ['José Núñez', 'Núñez & Hijos S.A.'],
      ['Li Wei', 'Harbor Freight Partners, LLC'],
    ]);
    expect(preview.errors).toEqual([
      { row: 5, message: 'A contact needs a name (or first and last name) or an e-mail address.' },
    ]);
  });

  it('keeps the first rows and a bounded list of errors, counting the rest', async () => {
    const lines = ['name,email', ...Array.from({ length: 30 }, (_, index) => `P${index},not-mail-${index}`)];
    const preview = await previewContacts(text(`${lines.join('\n')}\n`), {}, { sample: 2, maxErrors: 5 });
    expect([preview.rows, preview.invalid, preview.errors.length, preview.errorsTruncated]).toEqual([
      30,
      30,
      5,
      true,
    ]);
    const fine = await previewContacts(
      text('email\na@example.com\nb@example.com\nc@example.com\n'),
      {},
      { sample: 2 },
    );
    expect([fine.valid, fine.sample.length]).toEqual([3, 2]);
  });

  it('refuses an empty file, a mapping of a header it lacks, and columns that name no one', async () => {
    expect(await detailsOf(previewContacts(text('')))).toEqual([
      { path: 'file', message: 'The file is empty: it needs a header row.' },
    ]);
    expect(
      (await detailsOf(previewContacts(text('a,b\n1,2\n'), { mapping: { Mail: 'email' } })))[0],
    ).toMatchObject({
      path: 'mapping',
      message: expect.stringContaining('no column "Mail"'),
    });
    expect((await detailsOf(previewContacts(text('Stadt,Land\nKöln,DE\n'))))[0]).toMatchObject({
      path: 'mapping',
      message: expect.stringContaining('No column gives a contact a name or an e-mail address'),
    });
    // Mapped explicitly, the same file is fine.
    const mapped = await previewContacts(text('Stadt,Land\nKöln,DE\n'), { mapping: { Stadt: 'name' } });
    expect(mapped.sample[0]?.contact.name).toBe('Köln');
  });
});
