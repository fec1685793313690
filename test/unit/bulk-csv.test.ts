// Reading CSV files as exports write them, and their columns as contacts and accounts: the HubSpot-style
// (semicolon, byte-order mark, CRLF, umlauts, a quoted newline) and Salesforce-style (comma, LF, quoted commas,
// quotes and newlines) fixtures as-is, a stray quote read as a character (an unreadable record ends reading), a resume from a record's end, and a
// file fed in pieces as small as one byte reading the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contactRow,
  customName,
  domainOf,
  headerKey,
  mapColumns,
} from '../../functions/bulk/contact-mapping.ts';
import { type CsvItem, readCsv, sniffDelimiter } from '../../functions/bulk/csv.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/imports');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

async function* pieces(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function all(source: AsyncIterable<Uint8Array | string>, options?: Parameters<typeof readCsv>[1]) {
  const items: CsvItem[] = [];
  for await (const item of readCsv(source, options)) items.push(item);
  return items;
}
const records = (items: CsvItem[]) => items.flatMap((item) => ('record' in item ? [item.record] : []));

describe('readCsv', () => {
  it('reads the HubSpot-style export: semicolons, a byte-order mark, CRLF, umlauts, a quoted newline', async () => {
    const items = await all(pieces(fixture('hubspot-contacts.csv'), 64 * 1024));
    const rows = records(items);
    expect(items.every((item) => !('problem' in item))).toBe(true);
    expect(rows.map((row) => row.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[0]?.cells[0]).toBe('Record ID'); // the byte-order mark is not part of the first header
    expect(rows[1]?.cells.slice(1, 3)).toEqual(['Jürgen', 'Müller']);
    expect(rows[1]?.cells[12]).toBe('Bestellt jeden Montag.\nRuft lieber vormittags an.');
    expect(rows[3]?.cells[5]).toBe('Atelier Lefèvre; Paris'); // a quoted separator
    expect(rows[3]?.cells[12]).toBe('Contact via salon "Maison & Objet"');
    expect(rows[2]?.line).toBe(4); // row 2 spans lines 2–3
  });

  it('reads the Salesforce-style export: commas, LF, quoted commas, quotes and newlines', async () => {
    const rows = records(await all(pieces(fixture('salesforce-contacts.csv'), 64 * 1024)));
    expect(rows).toHaveLength(5);
    expect(rows[1]?.cells.slice(3, 5)).toEqual(['Harbor Freight Partners, LLC', '1200 Pier Road\nSuite 400']);
    expect(rows[1]?.cells[11]).toBe('Met at the "Logistics Summit", interested in retainer.');
    expect(rows[2]?.cells[1]).toBe('Núñez');
  });

  it('reads the same records from pieces of any size, multi-byte characters split included', async () => {
    for (const name of ['hubspot-contacts.csv', 'salesforce-contacts.csv']) {
      const whole = records(await all(pieces(fixture(name), 1 << 20)));
      for (const size of [1, 2, 3, 7, 100]) {
        expect(records(await all(pieces(fixture(name), size)))).toEqual(whole);
      }
    }
  });

  it('ends each record where the next begins, so reading resumes from any record', async () => {
    const bytes = fixture('hubspot-contacts.csv');
    const whole = records(await all(pieces(bytes, 1 << 20)));
    for (const at of [1, 3, 5]) {
      const after = whole[at - 1];
      if (after === undefined) throw new Error('no record');
      const resumed = records(
        await all(pieces(bytes.subarray(after.end), 1000), {
          delimiter: ';',
          resume: { offset: after.end, row: after.row + 1, line: whole[at]?.line ?? 0 },
        }),
      );
      expect(resumed).toEqual(whole.slice(at));
    }
  });

  it('reads a quote inside an unquoted field as a character, as spreadsheets do', async () => {
    const text = 'name,email\nJohn "Johnny" Smith,john@example.com\nGrace,grace@example.com\n';
    const rows = records(await all(pieces(Buffer.from(text), 5)));
    expect(rows.map((row) => row.cells)).toEqual([
      ['name', 'email'],
      ['John "Johnny" Smith', 'john@example.com'],
      ['Grace', 'grace@example.com'],
    ]);
  });

  it('ends reading at a record it cannot read, naming its row: after it, where the next record starts is a guess', async () => {
    const open = `name,email\nAda,ada@example.com\n"Open,${'x'.repeat(50)}\nGrace,grace@example.com\n`;
    const read: number[] = [];
    const reading = (async () => {
      for await (const item of readCsv(pieces(Buffer.from(open), 7))) read.push(item.record.row);
    })();
    await expect(reading).rejects.toThrow(/^Row 3 \(from line 3\) cannot be read: a quote is left open/);
    // The rows before it, in order (those the parser had not handed on when it failed are not read).
    expect(read).toEqual([1, 2].slice(0, read.length));
  });

  it('refuses a UTF-16 file (Excel\'s "Unicode text") by name', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,email\n', 'utf16le')]);
    await expect(all(pieces(utf16, 4))).rejects.toThrow(/UTF-16.*CSV UTF-8/);
  });

  it('splits records the same from any resume point when line ends change midway (CRLF, then LF, then CR)', async () => {
    const text = 'name,email\r\nA,a@x.io\r\nB,b@x.io\nC,c@x.io\nD,d@x.io\rE,e@x.io\r\n';
    const whole = records(await all(pieces(Buffer.from(text), 3)));
    expect(whole.map((row) => row.cells[0])).toEqual(['name', 'A', 'B', 'C', 'D', 'E']);
    for (let at = 2; at < whole.length; at++) {
      const after = whole[at - 1];
      if (after === undefined) throw new Error('no record');
      const resumed = records(
        await all(pieces(Buffer.from(text).subarray(after.end), 2), {
          delimiter: ',',
          resume: { offset: after.end, row: after.row + 1, line: whole[at]?.line ?? 0 },
        }),
      );
      expect(resumed.map((row) => row.cells[0])).toEqual(whole.slice(at).map((row) => row.cells[0]));
    }
  });

  it('closes the source when the reader stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let row = 0; row < 100_000; row++) yield `name,email\nrow ${row},r${row}@example.com\n`;
      } finally {
        closed = true;
      }
    }
    let read = 0;
    for await (const item of readCsv(source())) {
      if ('record' in item) read += 1;
      if (read === 3) break;
    }
    expect(closed).toBe(true);
  });

  it('sniffs the separator from the header, outside quotes', () => {
    expect(sniffDelimiter('a;b;c')).toBe(';');
    expect(sniffDelimiter('"a;b",c,d')).toBe(',');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('name')).toBe(',');
  });
});

describe('contact columns', () => {
  it('recognises the HubSpot headers, and the unknown ones become custom fields or are reported', async () => {
    const [header] = records(await all(pieces(fixture('hubspot-contacts.csv'), 1 << 20)));
    const reported = mapColumns(header?.cells ?? []);
    const target = (mapping: ReturnType<typeof mapColumns>) =>
      Object.fromEntries(mapping.columns.map((column) => [column.header, column.target]));
    expect(target(reported)).toEqual({
      'Record ID': 'ignore',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'email',
      'Phone Number': 'phone',
      'Company Name': 'company',
      'Job Title': 'role',
      'Lifecycle Stage': 'lifecycleStage',
      'Contact owner': 'unknown',
      'Create Date': 'ignore',
      'Website URL': 'website',
      City: 'unknown',
      Notes: 'unknown',
    });
    const custom = target(mapColumns(header?.cells ?? [], {}, 'custom'));
    expect([custom['Contact owner'], custom.City, custom.Notes]).toEqual([
      'custom:contactOwner',
      'custom:city',
      'custom:notes',
    ]);
  });

  it('recognises the Salesforce headers; a second column for one field is not taken', async () => {
    const [header] = records(await all(pieces(fixture('salesforce-contacts.csv'), 1 << 20)));
    const { columns } = mapColumns(header?.cells ?? []);
    const target = Object.fromEntries(columns.map((column) => [column.header, column.target]));
    expect(target).toMatchObject({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Title: 'role',
      'Account Name': 'company',
      Email: 'email',
      Phone: 'phone',
      Mobile: 'unknown',
    });
  });

  it('takes an explicit mapping first, and names the headers it maps that the file lacks', () => {
    const { columns, missing } = mapColumns(['Kontakt', 'Mail', 'Email'], {
      Kontakt: 'name',
      Mail: 'email',
      Firma: 'company',
    });
    expect(columns.map((column) => [column.target, column.by])).toEqual([
      ['name', 'mapping'],
      ['email', 'mapping'],
      ['unknown', 'unknown columns'], // email is filled by "Mail" already
    ]);
    expect(missing).toEqual(['Firma']);
  });

  it('makes a row a contact and its account, or names each column at fault', async () => {
    const [header, ...rows] = records(await all(pieces(fixture('hubspot-contacts.csv'), 1 << 20)));
    const { columns } = mapColumns(header?.cells ?? [], {}, 'custom');
    const [first, , third, , fifth, broken] = rows.map((row) => contactRow(row.row, row.cells, columns));
    expect(first).toEqual({
      value: {
        row: 2,
        contact: {
          name: 'Jürgen Müller',
          email: 'juergen.mueller@baeckerei-schroeder.de',
          phone: '+49 221 123456',
          role: 'Geschäftsführer',
          decisionMaker: false,
        },
        // The fields the cells gave: the import updates a known contact with these only.
        given: ['name', 'email', 'phone', 'role', 'company'],
        account: {
          name: 'Bäckerei Schröder GmbH',
          domain: 'baeckerei-schroeder.de',
          lifecycleStage: 'active',
          tags: [],
          custom: {
            contactOwner: 'Anna Weiß',
            city: 'Köln',
            notes: 'Bestellt jeden Montag.\nRuft lieber vormittags an.',
          },
        },
      },
    });
    expect(third && 'value' in third ? third.value.account.name : undefined).toBe('Atelier Lefèvre; Paris');
    // No company: the account is the person's own, named after them.
    expect(fifth && 'value' in fifth ? fifth.value.account.name : undefined).toBe('Ana');
    expect(
      broken && 'errors' in broken ? broken.errors.map((error) => [error.row, error.column]) : [],
    ).toEqual([
      [7, 'Email'],
      [7, 'Phone Number'],
      [7, 'Lifecycle Stage'],
    ]);
  });

  it('needs a name or an e-mail address', () => {
    const { columns } = mapColumns(['Name', 'Email']);
    expect(contactRow(2, ['', ''], columns)).toEqual({
      errors: [{ row: 2, message: 'A contact needs a name (or first and last name) or an e-mail address.' }],
    });
    expect(contactRow(3, ['', 'kim@example.org'], columns)).toMatchObject({
      value: { contact: { name: 'kim', email: 'kim@example.org' }, account: { name: 'kim' } },
    });
  });

  it('compares headers and names custom fields as people write them', () => {
    expect(headerKey('E-Mail Address')).toBe('emailaddress');
    expect(headerKey('Email (email)')).toBe('email');
    expect(headerKey('Prénom')).toBe('prenom');
    expect(customName('Country/Region')).toBe('countryRegion');
    expect(customName('2nd Phone')).toBe('column2ndPhone');
    expect(customName('---')).toBeUndefined();
    expect(domainOf('https://www.Example.co.uk/about')).toBe('example.co.uk');
    expect(domainOf('not a site')).toBeUndefined();
  });
});
