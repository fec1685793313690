// Importing contacts files against DynamoDB Local, the worker handlers called as the rules would call them:
// the HubSpot- and Salesforce-style fixtures import as they are; a file of a few thousand rows is split into
// chunks whose workers dedupe by address, domain and company name; importing it again creates nothing; a
// worker cut short, or two racing on one chunk, leave exact counts and no duplicates.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { useOwnTable } from '../support/own-table.ts';

const uploads = mkdtempSync(join(tmpdir(), 'clientele-imports-'));
process.env.UPLOADS_DIR = uploads;
await useOwnTable('imports');

const { documentClient } = await import('../../functions/platform/clients.ts');
const { TABLE_NAME } = await import('../../functions/platform/table-name.ts');
const { emailClaimKey, accountPartition } = await import('../../functions/accounts/entity.ts');
const { readItem } = await import('../../functions/platform/store.ts');
const store = await import('../../functions/bulk/import-store.ts');
const { ImportRequest } = await import('../../functions/bulk/import.ts');
const z = await import('../../functions/platform/zod.ts');

/** Small chunks, so a file of a few hundred rows has several. */
const CHUNK_ROWS = 100;

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'imports', name));

/** An upload holding `content`, as the gateway (or S3) would have it. */
function upload(content: string | Buffer): string {
  const id = ulid();
  writeFileSync(join(uploads, `${id}.csv`), content);
  return id;
}

/** The whole pipeline, as the rules run it: accept, split (run after run), every chunk's worker. */
async function runImport(id: string, request: Record<string, unknown> = {}) {
  const parsed = z.parse(ImportRequest, { upload: id, ...request });
  const { record } = await store.startImport(parsed, new Date(), CHUNK_ROWS);
  for (let run = record.run; ; run++) {
    const split = await store.splitImport(id, run, () => new Date());
    if (split.outcome !== 'handed-over') break;
  }
  const imported = await store.getImport(id);
  for (let n = 1; n <= (imported?.chunks ?? 0); n++) await store.runChunk(id, n, () => new Date());
  return store.importProgress(id);
}

async function contactOf(email: string) {
  const claim = await readItem(emailClaimKey(email));
  if (claim === undefined) return undefined;
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': accountPartition(String(claim.accountId)) },
      ConsistentRead: true,
    }),
  );
  const items = Items ?? [];
  return {
    account: items.find((item) => item.type === 'Account'),
    contact: items.find((item) => item.sk === `CONTACT#${String(claim.contactId)}`),
    contacts: items.filter((item) => item.type === 'Contact').length,
  };
}

async function countOfType(type: string) {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': `TYPE#${type}` },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

// Under the whole suite DynamoDB Local is shared by every file: imports of a few hundred rows take their time.
describe('importing the HubSpot and Salesforce exports as they are', { timeout: 180_000 }, () => {
  it('imports the HubSpot file (semicolons, umlauts, quoted newlines): a domain joins its account, a bad row is an error by column', async () => {
    const id = upload(fixture('hubspot-contacts.csv'));
    const done = await runImport(id);
    expect(done.state).toBe('done');
    expect(done.delimiter).toBe(';');
    expect(done.counts).toMatchObject({ rows: 6, done: 6, created: 5, updated: 0, skipped: 0, failed: 1 });
    // Two people at baeckerei-schroeder.de, one account; Ana (free mail) has her own.
    expect(done.counts.accountsCreated).toBe(4);
    const juergen = await contactOf('juergen.mueller@baeckerei-schroeder.de');
    const hans = await contactOf('hans.schmidt@baeckerei-schroeder.de');
    expect(juergen?.account?.name).toBe('Bäckerei Schröder GmbH');
    expect(juergen?.account?.lifecycleStage).toBe('active');
    expect(hans?.account?.id).toBe(juergen?.account?.id);
    expect(juergen?.contacts).toBe(2);
    expect(juergen?.contact?.name).toBe('Jürgen Müller');
    expect(juergen?.contact?.role).toBe('Geschäftsführer');
    const errors = await store.listErrors(id, 100, undefined);
    expect(errors.items.map((error) => error.row)).toEqual([7, 7, 7]);
    expect(errors.items.map((error) => error.column).sort()).toEqual([
      'Email',
      'Lifecycle Stage',
      'Phone Number',
    ]);
  });

  it('imports the Salesforce file (commas, quoted commas and newlines): one account for the two at Harbor Freight', async () => {
    const id = upload(fixture('salesforce-contacts.csv'));
    const done = await runImport(id);
    expect(done.counts).toMatchObject({ rows: 4, done: 4, created: 3, failed: 1, accountsCreated: 2 });
    const [nameless] = (await store.listErrors(id, 10, undefined)).items;
    expect(nameless?.row).toBe(5);
    expect(nameless?.message).toMatch(/needs a name/);
    const margaret = await contactOf('mobrien@harborfreight.example');
    const li = await contactOf('li.wei@harborfreight.example');
    expect(margaret?.account?.name).toBe('Harbor Freight Partners, LLC');
    expect(li?.account?.id).toBe(margaret?.account?.id);
  });

  it('imports the same file again creating nothing: the rows that differ update, the others are skipped', async () => {
    const contactsBefore = await countOfType('CONTACT');
    const accountsBefore = await countOfType('ACCOUNT');
    const again = await runImport(upload(fixture('hubspot-contacts.csv')));
    expect(again.counts).toMatchObject({
      rows: 6,
      created: 0,
      updated: 0,
      skipped: 5,
      failed: 1,
      accountsCreated: 0,
    });
    const changed = fixture('hubspot-contacts.csv').toString('utf8').replace('Geschäftsführer', 'Inhaber');
    const updated = await runImport(upload(changed), { existing: 'update' });
    expect(updated.counts).toMatchObject({ created: 0, updated: 1, skipped: 4, failed: 1 });
    expect((await contactOf('juergen.mueller@baeckerei-schroeder.de'))?.contact?.role).toBe('Inhaber');
    const skipped = await runImport(upload(changed.replace('Inhaber', 'Chef')), { existing: 'skip' });
    expect(skipped.counts).toMatchObject({ created: 0, updated: 0, skipped: 5 });
    expect((await contactOf('juergen.mueller@baeckerei-schroeder.de'))?.contact?.role).toBe('Inhaber');
    expect(await countOfType('CONTACT')).toBe(contactsBefore);
    expect(await countOfType('ACCOUNT')).toBe(accountsBefore);
  });

  it('asked twice for one upload, answers the same import', async () => {
    const id = upload(
      fixture('salesforce-contacts.csv').toString('utf8').replaceAll('.example', '.example.org'),
    );
    const request = z.parse(ImportRequest, { upload: id });
    const [first, second] = await Promise.all([
      store.startImport(request, new Date()),
      store.startImport(request, new Date()),
    ]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(second.record.id).toBe(first.record.id);
  });
});

/** A file of `rows` people at `companies` companies (every 7th without an e-mail, every 50th broken). */
function bigFile(rows: number, tag: string) {
  const lines = ['First Name,Last Name,Email,Company,Phone'];
  for (let n = 0; n < rows; n++) {
    const company = `Firm ${tag} ${n % 40}`;
    const email = n % 7 === 0 ? '' : n % 50 === 1 ? 'broken@' : `p${n}@firm-${tag}-${n % 40}.example`;
    lines.push(`Person,${tag}${n},${email},"${company}",+1 555 ${String(n).padStart(6, '0')}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('a file of several chunks', { timeout: 180_000 }, () => {
  const rows = 330;
  let tag: string;
  let content: string;
  beforeAll(() => {
    tag = ulid().slice(-6).toLowerCase();
    content = bigFile(rows, tag);
  });

  it('is split into chunks at record boundaries, each worked on; companies dedupe by domain and name across chunks', async () => {
    const id = upload(content);
    const done = await runImport(id);
    expect(done.chunks).toBe(Math.ceil(rows / CHUNK_ROWS));
    const broken = Array.from({ length: rows }, (_, n) => n).filter(
      (n) => n % 7 !== 0 && n % 50 === 1,
    ).length;
    expect(done.counts).toMatchObject({
      rows,
      done: rows,
      created: rows - broken,
      failed: broken,
      updated: 0,
    });
    // 40 companies: the rows with an address join by domain, those without by the company's name.
    expect(done.counts.accountsCreated).toBe(40);
    const errors = await store.listErrors(id, 1000, undefined);
    expect(errors.items).toHaveLength(broken);
    expect(errors.items[0]).toMatchObject({ row: 3, column: 'Email' });
  });

  it('imported again (people without an address too), creates nothing', async () => {
    const contacts = await countOfType('CONTACT');
    const again = await runImport(upload(content));
    expect(again.counts).toMatchObject({ rows, created: 0, accountsCreated: 0, updated: 0 });
    expect(await countOfType('CONTACT')).toBe(contacts);
  });

  it('a worker cut short goes on from its cursor; two workers racing on a chunk count every row once', async () => {
    const other = bigFile(rows, `${tag}x`);
    const id = upload(other);
    const parsed = z.parse(ImportRequest, { upload: id });
    await store.startImport(parsed, new Date(), CHUNK_ROWS);
    await store.splitImport(id, 1, () => new Date());
    const cut = new Error('cut short');
    await expect(
      store.runChunk(
        id,
        1,
        () => new Date(),
        (batch) => {
          if (batch === 3) throw cut;
        },
      ),
    ).rejects.toBe(cut);
    const partway = await store.importProgress(id);
    expect(partway.state).toBe('running');
    expect(partway.counts.done).toBeGreaterThan(0);
    expect(partway.counts.done).toBeLessThan(CHUNK_ROWS);
    // The event again (the platform's retry), twice at once, and the other chunks.
    await Promise.all([
      store.runChunk(id, 1, () => new Date()),
      store.runChunk(id, 1, () => new Date()),
      store.runChunk(id, 2, () => new Date()),
      store.runChunk(id, 3, () => new Date()),
      store.runChunk(id, 4, () => new Date()),
    ]);
    const done = await store.importProgress(id);
    const broken = Array.from({ length: rows }, (_, n) => n).filter(
      (n) => n % 7 !== 0 && n % 50 === 1,
    ).length;
    expect(done.state).toBe('done');
    expect(done.counts).toMatchObject({ rows, done: rows, created: rows - broken, failed: broken });
    expect(done.counts.accountsCreated).toBe(40);
  });
});

describe('a file at fault stops its import, saying why', { timeout: 180_000 }, () => {
  it('a quote left open (a field past 1 MB): the dry run is a 400 naming the row, the import fails there', async () => {
    const good = Array.from({ length: 150 }, (_, n) => `Ola,Row ${n},ola.${n}@open-quote.example`);
    const content = `First Name,Last Name,Email\n${good.join('\n')}\n"Unclosed,Quote,${'x'.repeat(1_100_000)}\nLast,Row,last@open-quote.example\n`;
    const id = upload(content);
    const preview = store.previewImport(z.parse(ImportRequest, { upload: id, dryRun: true }));
    await expect(preview).rejects.toMatchObject({
      kind: 'invalid',
      details: [
        {
          path: 'file',
          message: expect.stringMatching(
            /^Row 152 \(from line 152\) cannot be read: it is over 1,000,000 characters/,
          ),
        },
      ],
    });
    const failed = await runImport(id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^Row 152 .* a quote left open/);
    expect(failed.completedAt).toBeDefined();
  });

  it('the file uploaded again halfway: the import fails rather than read a mix of two files', async () => {
    const id = upload(bigFile(250, `${ulid().slice(-5).toLowerCase()}u`));
    const { record } = await store.startImport(
      z.parse(ImportRequest, { upload: id }),
      new Date(),
      CHUNK_ROWS,
    );
    await store.splitImport(id, record.run, () => new Date());
    await store.runChunk(id, 1, () => new Date());
    // Another file PUT to the same upload (a later mtime and size: another version).
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(join(uploads, `${id}.csv`), bigFile(260, 'other'));
    await store.runChunk(id, 2, () => new Date());
    const stopped = await store.importProgress(id);
    expect(stopped.state).toBe('failed');
    expect(stopped.error).toMatch(/uploaded again while it was being imported/);
    expect(stopped.counts.done).toBe(CHUNK_ROWS);
    // Nothing more happens to it: a later chunk's worker finds it stopped.
    await store.runChunk(id, 3, () => new Date());
    expect((await store.importProgress(id)).counts.done).toBe(CHUNK_ROWS);
  });
});
