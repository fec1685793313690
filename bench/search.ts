// Search at scale, against an own DynamoDB Local and no runtime (run by bench/run.ts in its own process, or
// alone with `npx tsx bench/search.ts`; prints one JSON line, progress on stderr):
//   1. index writes per record change: what `indexDocument` (the KeepSearchIndex rule's write) reports for a
//      new contact, account, deal and ticket, a change of no searched word that day, a rename, a change on a
//      new day, a removal;
//   2. GET /search's service (`search`, as an admin: visibility and the result lines included) over a fixed set
//      of queries, with 1,000 and then 100,000 searchable records in the table: p50/p99 per size and their
//      ratio, and the items each query reads (entries as scanned before a filter, documents, accounts; counted
//      on the client);
//   3. relevance: a labelled set of queries built from the first 1,000 records as a user would type them
//      (names with umlauts in other spellings, partial e-mails, phone numbers in other formats, two words of a
//      company, a deal's title and company, a ticket's product and error code) — recall of the record meant
//      in the top 5, at both sizes.
// The records are accounts, contacts, deals and tickets of seeded German and Dutch names; their index items
// (documents and entries, exactly as the rule writes them) are loaded with parallel BatchWriteItems.
// Sizes: BENCH_SEARCH_RECORDS (100000), BENCH_SEARCH_RUNS (per query and size, 5).
import { rmSync } from 'node:fs';
import type { Caller } from '../functions/platform/access.ts';
import type { SearchDocument, SearchType } from '../functions/search/terms.ts';
import { benchTable, percentile, type Random, random } from './shared.ts';

const RECORDS = Number(process.env.BENCH_SEARCH_RECORDS ?? 100_000);
const SMALL = Math.min(1_000, RECORDS);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 5);
const WRITERS = 8;
const TABLE = 'bench';
const TARGET_RATIO = 1.5;
const TARGET_RECALL = 0.95;

const { progress, dataDir, dynamo } = await benchTable('search', TABLE);
const { documentClient } = await import('../functions/platform/clients.ts');
const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
const { accountItem, newAccount } = await import('../functions/accounts/account.ts');
const { documentOf } = await import('../functions/search/terms.ts');
const { indexDocument, indexItems } = await import('../functions/search/search-store.ts');
const { search } = await import('../functions/search/search-service.ts');
const { ulid } = await import('ulid');

/** What one size measured. */
export interface SizeResult {
  readonly queries: number;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly itemsRead: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly recallAt5: number;
  readonly byKind: Readonly<Record<string, { readonly queries: number; readonly found: number }>>;
  readonly missed: readonly { readonly kind: string; readonly q: string; readonly expected: string }[];
}

export interface SearchResult {
  readonly records: {
    readonly small: number;
    readonly large: number;
    readonly byType: Readonly<Record<SearchType, number>>;
  };
  readonly loaded: {
    readonly smallItems: number;
    readonly largeItems: number;
    readonly largeSeconds: number;
  };
  readonly labelled: number;
  readonly labelledByKind: Readonly<Record<string, number>>;
  readonly writesPerChange: Readonly<Record<string, number>> & {
    readonly newAccount: number;
    readonly newContact: number;
    readonly newDeal: number;
    readonly newTicket: number;
    readonly sameDayNoSearchedWord: number;
    readonly renameOneWord: number;
    readonly redelivered: number;
    readonly newDay: number;
    readonly removal: number;
  };
  readonly small: SizeResult;
  readonly large: SizeResult;
  readonly ratio: { readonly p50: number; readonly p99: number };
  readonly targets: { readonly ratio: number; readonly recallAt5: number };
}

// ---------------------------------------------------------------- the records
const FIRST = [
  'Jürgen',
  'Jörg',
  'Günther',
  'Björn',
  'Søren',
  'Käthe',
  'Jürgen',
  'Märta',
  'Özlem',
  'Anna',
  'Max',
  'Lena',
  'Lukas',
  'Sophie',
  'Jan',
  'Pieter',
  'Sanne',
  'Daan',
  'Femke',
  'Joost',
  'Hanna',
  'Lotte',
  'Maximilian',
  'Friederike',
  'Konstantin',
  'Ulrike',
  'Matthias',
  'Annelies',
  'Geert',
  'Wouter',
  'Heike',
  'Renée',
  'Zoë',
  'Stefan',
  'Claudia',
  'Niels',
  'Ingrid',
  'Tobias',
  'Franziska',
  'Sebastian',
  'Noémie',
  'Bärbel',
  'Uwe',
  'Gerd',
  'Thijs',
  'Marieke',
  'Emre',
  'Dilara',
  'Katarzyna',
  'Paweł',
  'Dörte',
  'Hendrik',
  'Ruud',
  'Ilse',
  'Birgit',
  'Dieter',
  'Sven',
  'Jens',
  'Merel',
  'Sjoerd',
] as const;
const STEMS = [
  'Müll',
  'Schröd',
  'Groß',
  'Weiß',
  'Bäck',
  'Jäg',
  'Köhl',
  'Brück',
  'Hoff',
  'Stein',
  'Wald',
  'Feld',
  'Berg',
  'Schön',
  'Krüg',
  'Vries',
  'Dijk',
  'IJssel',
  'Jans',
  'Bakk',
  'Visscher',
  'Smit',
  'Meij',
  'Huis',
  'Kamp',
  'Hein',
  'Lang',
  'Wolf',
  'Fuchs',
  'Hahn',
  'Voß',
  'Löw',
  'Strauß',
  'Möll',
  'Sauer',
  'Roth',
  'Klein',
  'Graf',
  'Kuyp',
  'Rijk',
] as const;
const ENDINGS = [
  'er',
  'mann',
  'ner',
  'berg',
  'hof',
  'stein',
  'feld',
  'dorf',
  'ling',
  'ke',
  'sen',
  'man',
  'stra',
  'haus',
  'bach',
  'brink',
  'inga',
  'kamp',
  'huis',
  'mans',
  'ert',
  'horst',
  'meier',
  'lein',
  'wald',
] as const;
const SECTORS = [
  'Consulting',
  'Handel',
  'Bau',
  'Logistik',
  'Systeme',
  'Technik',
  'Medien',
  'Versand',
  'Elektro',
  'Immobilien',
  'Metallbau',
  'Reisen',
  'Druck',
  'Software',
  'Catering',
  'Gartenbau',
  'Haustechnik',
  'Installatie',
  'Transport',
  'Bouw',
  'Vastgoed',
  'Zorg',
  'Energie',
  'Optik',
  'Pflege',
  'Recht',
  'Steuerberatung',
  'Design',
  'Automaten',
  'Fahrzeugbau',
] as const;
const FORMS = ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'B.V.', 'e.K.', 'OHG', 'N.V.'] as const;
const ROLES = ['Einkauf', 'Geschäftsführung', 'Buchhaltung', 'IT-Leitung', 'Inkoop', 'Vertrieb'] as const;
const DEALS = [
  'Rahmenvertrag',
  'Wartungsvertrag',
  'Jahreslizenz',
  'Erweiterung',
  'Pilotprojekt',
  'Onderhoudscontract',
  'Beratungspaket',
  'Migration',
  'Schulung',
  'Umstellung',
] as const;
const PRODUCTS = [
  'Router X200',
  'Kasse K3',
  'Scanner S8',
  'Mesh Node',
  'Fibre Box',
  'Drucker P40',
  'Terminal T1',
  'Waage W5',
] as const;
const PROBLEMS = [
  'Verbindung bricht täglich ab',
  'Fehlercode beim Start',
  'Display bleibt schwarz',
  'Update schlägt fehl',
  'Storing na update',
  'Druckt nur leere Seiten',
  'Akku lädt nicht',
  'Rechnung doppelt gebucht',
] as const;
const AREAS = [
  { country: '49', area: '30' },
  { country: '49', area: '89' },
  { country: '49', area: '40' },
  { country: '49', area: '221' },
  { country: '31', area: '20' },
  { country: '31', area: '10' },
  { country: '43', area: '1' },
] as const;

interface Phone {
  readonly country: string;
  readonly area: string;
  readonly number: string;
}
interface Made {
  readonly type: SearchType;
  readonly record: Record<string, unknown>;
  /** What the labelled queries are built from. */
  readonly facts: Readonly<Record<string, string>>;
  readonly phone?: Phone;
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const at = (rng: Random) => new Date(Date.UTC(2026, 0, 1) + rng.next() * 330 * 86_400_000).toISOString();

/** Record `index` of the seeded set: 30 % accounts, 45 % contacts, 15 % deals, 10 % tickets, under the accounts. */
function makeRecords(count: number): Made[] {
  const rng = random(20261202);
  const made: Made[] = [];
  const accountsMade: { id: string; word: string; domain: string }[] = [];
  for (let index = 0; index < count; index++) {
    const slot = index % 20;
    const type: SearchType =
      slot < 6 || accountsMade.length === 0
        ? 'account'
        : slot < 15
          ? 'contact'
          : slot < 18
            ? 'deal'
            : 'ticket';
    const updatedAt = at(rng);
    if (type === 'account') {
      const word = `${rng.pick(STEMS)}${rng.pick(ENDINGS)}`;
      const sector = rng.pick(SECTORS);
      const name = `${word} ${sector} ${rng.pick(FORMS)}`;
      const account = {
        ...newAccount(
          {
            name,
            relationship: rng.chance(0.4) ? 'client' : 'customer',
            audience: 'external',
            lifecycleStage: 'active',
            tags: rng.chance(0.2) ? ['Premium-Partner'] : [],
            custom: {},
          },
          new Date(updatedAt),
        ),
        updatedAt,
      };
      accountsMade.push({ id: account.id, word, domain: `${slug(word)}-${slug(sector)}.de` });
      made.push({ type, record: account, facts: { word, sector } });
      continue;
    }
    const account = rng.pick(accountsMade);
    const id = ulid(Date.parse(updatedAt));
    const base = { id, accountId: account.id, createdAt: updatedAt, updatedAt, version: 1 };
    if (type === 'contact') {
      const first = rng.pick(FIRST);
      const last = `${rng.pick(STEMS)}${rng.pick(ENDINGS)}`;
      const area = rng.pick(AREAS);
      const phone = { ...area, number: String(rng.between(1_000_000, 9_999_999)) };
      const written = rng.chance(0.5)
        ? `+${phone.country} ${phone.area} ${phone.number}`
        : `0${phone.area}/${phone.number}`;
      const email = `${slug(first)}.${slug(last)}@${account.domain}`;
      made.push({
        type,
        record: { ...base, name: `${first} ${last}`, email, phone: written, role: rng.pick(ROLES) },
        facts: { first, last, email },
        phone,
      });
    } else if (type === 'deal') {
      const kind = rng.pick(DEALS);
      const title = `${kind} ${account.word} ${rng.between(2026, 2028)}`;
      made.push({
        type,
        record: { ...base, title, stage: 'proposal', amount: 100_000, currency: 'EUR' },
        facts: { kind, word: account.word },
      });
    } else {
      const product = rng.pick(PRODUCTS);
      const code = String(rng.between(1000, 9999));
      const problem = `${rng.pick(PROBLEMS)}, Fehler E-${code}`;
      made.push({
        type,
        record: { ...base, product, problem, status: 'open', priority: 'normal' },
        facts: { product, code },
      });
    }
  }
  return made;
}

// ---------------------------------------------------------------- loading
/** The records' items (accounts, index documents and entries) written 25 to a BatchWriteItem, several at once, made as they go. */
async function load(records: readonly Made[], label: string) {
  const itemsOf = ({ type, record }: Made) => {
    const document = documentOf(type, record) as SearchDocument;
    return [
      ...(type === 'account' ? [accountItem(record as Parameters<typeof accountItem>[0])] : []),
      ...indexItems(type, document, Number(record.version)),
    ];
  };
  const started = performance.now();
  let nextRecord = 0;
  let written = 0;
  let shown = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      // Each writer takes a few records at a time and writes their items: the whole set is never in memory.
      while (nextRecord < records.length) {
        const share = records.slice(nextRecord, nextRecord + 10);
        nextRecord += 10;
        const items = share.flatMap(itemsOf);
        for (let offset = 0; offset < items.length; offset += 25) {
          let pending: NonNullable<
            ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
          >[string] = items.slice(offset, offset + 25).map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const answer = await documentClient.send(
              new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }),
            );
            pending = answer.UnprocessedItems?.[TABLE] ?? [];
          }
        }
        written += items.length;
        if (written - shown >= 250_000) {
          shown = written;
          progress(
            `${label}: ${Math.min(nextRecord, records.length).toLocaleString('en-US')} of ${records.length.toLocaleString('en-US')} records, ${written.toLocaleString('en-US')} items`,
          );
        }
      }
    }),
  );
  return { items: written, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

// ---------------------------------------------------------------- counting reads
let itemsRead = 0;
documentClient.middlewareStack.add(
  (next) => async (args) => {
    const result = await next(args);
    const output = result.output as {
      Items?: unknown[];
      ScannedCount?: number;
      Responses?: Record<string, unknown[]>;
    };
    // A Query's items as DynamoDB read (and bills) them, before its filter.
    itemsRead += output.ScannedCount ?? output.Items?.length ?? 0;
    for (const items of Object.values(output.Responses ?? {})) itemsRead += items.length;
    return result;
  },
  { step: 'initialize', name: 'countItemsRead' },
);

// ---------------------------------------------------------------- queries
interface Labelled {
  readonly kind: string;
  readonly q: string;
  readonly expected: string;
}

/** Spelled another way, as a user might: ü → ue or u, ß → ss, IJ → Y. */
const respell = (text: string, rng: Random) =>
  rng.chance(0.5)
    ? text.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/IJ/g, 'Y')
    : text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss');

function labelled(records: readonly Made[]): Labelled[] {
  const rng = random(7);
  const queries: Labelled[] = [];
  for (const { type, record, facts, phone } of records) {
    const id = String(record.id);
    if (type === 'contact' && queries.filter((q) => q.kind.startsWith('contact')).length < 180) {
      const first = facts.first ?? '';
      const last = facts.last ?? '';
      queries.push({
        kind: 'contact: name, other spelling',
        q: respell(`${first} ${last}`, rng).toLowerCase(),
        expected: id,
      });
      const [local = '', domain = ''] = (facts.email ?? '').split('@');
      queries.push({ kind: 'contact: partial e-mail', q: `${local}@${domain.slice(0, 4)}`, expected: id });
      if (phone === undefined) continue;
      const digits = phone.number.slice(0, 5);
      const formats = [
        `+${phone.country} ${phone.area} ${digits}`,
        `0${phone.area} ${digits.slice(0, 3)} ${digits.slice(3)}`,
        `(0${phone.area}) ${digits}`,
        `00${phone.country} ${phone.area}/${digits}`,
        `+${phone.country} (0)${phone.area} ${digits}`,
      ];
      queries.push({ kind: 'contact: phone, other format', q: rng.pick(formats), expected: id });
    } else if (type === 'account' && queries.filter((q) => q.kind.startsWith('account')).length < 40) {
      const word = respell(facts.word ?? '', rng);
      queries.push({
        kind: 'account: two words',
        q: `${word} ${(facts.sector ?? '').slice(0, 5)}`,
        expected: id,
      });
    } else if (type === 'deal' && queries.filter((q) => q.kind.startsWith('deal')).length < 30) {
      queries.push({
        kind: 'deal: title and company',
        q: `${(facts.kind ?? '').slice(0, 6)} ${respell(facts.word ?? '', rng)}`,
        expected: id,
      });
    } else if (type === 'ticket' && queries.filter((q) => q.kind.startsWith('ticket')).length < 30) {
      queries.push({
        kind: 'ticket: product and code',
        q: `${(facts.product ?? '').split(' ')[0]} ${facts.code}`,
        expected: id,
      });
    }
  }
  return queries;
}

/** As-you-type prefixes, common and rare: latency only (no one record is meant). */
const TYPING = [
  'be',
  'mü',
  'sch',
  'berg',
  'jür',
  'van',
  'gmbh',
  'ber con',
  '+49 30',
  '030 1',
  'rahmen',
  'x200',
];

const caller: Caller = { sub: 'bench-admin', memberId: 'bench-admin', roles: ['admin'] };

async function measure(queries: readonly Labelled[], label: string): Promise<SizeResult> {
  const latencies: number[] = [];
  const reads: number[] = [];
  const texts = [...queries.map((query) => query.q), ...TYPING];
  // Warm-up: every query once, untimed.
  for (const q of texts) await search(caller, { q, limit: 20 });
  for (let run = 0; run < RUNS; run++) {
    for (const q of texts) {
      const before = itemsRead;
      const started = performance.now();
      await search(caller, { q, limit: 20 });
      latencies.push(performance.now() - started);
      reads.push(itemsRead - before);
    }
  }
  let found = 0;
  const missed: Labelled[] = [];
  const byKind: Record<string, { queries: number; found: number }> = {};
  for (const query of queries) {
    const answer = await search(caller, { q: query.q, limit: 5 });
    const hit = answer.items.some((item) => item.id === query.expected);
    byKind[query.kind] ??= { queries: 0, found: 0 };
    const kind = byKind[query.kind] as { queries: number; found: number };
    kind.queries++;
    if (hit) {
      found++;
      kind.found++;
    } else missed.push(query);
  }
  progress(
    `${label}: p50 ${percentile(latencies, 50).toFixed(2)} ms, recall@5 ${(found / queries.length).toFixed(3)}`,
  );
  return {
    queries: texts.length,
    runs: RUNS,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    itemsRead: { p50: percentile(reads, 50), p99: percentile(reads, 99), max: Math.max(...reads) },
    recallAt5: round(found / queries.length, 3),
    byKind,
    missed: missed.slice(0, 10),
  };
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

// ---------------------------------------------------------------- writes per change
async function writesPerChange() {
  const account = documentOf('account', {
    id: ulid(),
    name: 'Berger Consulting GmbH',
    updatedAt: '2026-12-01T09:00:00.000Z',
  }) as SearchDocument;
  const contactRecord = {
    id: ulid(),
    accountId: account.id,
    name: 'Max Müller',
    email: 'max@berger-consulting.de',
    phone: '+49 30 1234567',
    role: 'Einkauf',
    updatedAt: '2026-12-01T09:00:00.000Z',
  };
  const contact = documentOf('contact', contactRecord) as SearchDocument;
  const deal = documentOf('deal', {
    id: ulid(),
    accountId: account.id,
    title: 'Rahmenvertrag Berger 2027',
    stage: 'proposal',
    updatedAt: '2026-12-01T09:00:00.000Z',
  }) as SearchDocument;
  const ticket = documentOf('ticket', {
    id: ulid(),
    accountId: account.id,
    product: 'Router X200',
    problem: 'Verbindung bricht täglich ab, Fehler E-4711',
    updatedAt: '2026-12-01T09:00:00.000Z',
  }) as SearchDocument;
  const writes = async (
    type: SearchType,
    document: SearchDocument | undefined,
    id: string,
    version: number,
  ) => (await indexDocument(type, id, document, version)).writes;
  const contactAt = (extra: Record<string, unknown>) =>
    documentOf('contact', { ...contactRecord, ...extra }) as SearchDocument;
  return {
    newAccount: await writes('account', account, account.id, 1),
    newContact: await writes('contact', contact, contact.id, 1),
    newDeal: await writes('deal', deal, deal.id, 1),
    newTicket: await writes('ticket', ticket, ticket.id, 1),
    sameDayNoSearchedWord: await writes(
      'contact',
      contactAt({ updatedAt: '2026-12-01T15:00:00.000Z' }),
      contact.id,
      2,
    ),
    renameOneWord: await writes(
      'contact',
      contactAt({ name: 'Max Schröder', updatedAt: '2026-12-01T16:00:00.000Z' }),
      contact.id,
      3,
    ),
    redelivered: await writes(
      'contact',
      contactAt({ name: 'Max Schröder', updatedAt: '2026-12-01T16:00:00.000Z' }),
      contact.id,
      3,
    ),
    newDay: await writes(
      'contact',
      contactAt({ name: 'Max Schröder', updatedAt: '2026-12-02T08:00:00.000Z' }),
      contact.id,
      4,
    ),
    removal: await writes('contact', undefined, contact.id, 5),
  };
}

// ---------------------------------------------------------------- the run
try {
  progress('writes per change…');
  const writes = await writesPerChange();
  progress(`making ${RECORDS.toLocaleString('en-US')} records…`);
  const records = makeRecords(RECORDS);
  const queries = labelled(records.slice(0, SMALL));
  const small = await load(records.slice(0, SMALL), `${SMALL} records`);
  const atSmall = await measure(queries, `${SMALL} records`);
  const large = await load(records.slice(SMALL), `${RECORDS} records`);
  progress(`loaded ${large.items.toLocaleString('en-US')} items in ${large.seconds} s`);
  const atLarge = await measure(queries, `${RECORDS} records`);
  const counts = (list: readonly Made[]) => {
    const byType = { account: 0, contact: 0, deal: 0, ticket: 0 };
    for (const made of list) byType[made.type]++;
    return byType;
  };
  const result: SearchResult = {
    records: { small: SMALL, large: RECORDS, byType: counts(records) },
    loaded: { smallItems: small.items, largeItems: small.items + large.items, largeSeconds: large.seconds },
    labelled: queries.length,
    labelledByKind: Object.fromEntries(Object.entries(atSmall.byKind).map(([kind, n]) => [kind, n.queries])),
    writesPerChange: writes,
    small: atSmall,
    large: atLarge,
    ratio: {
      p50: round(atLarge.p50Ms / atSmall.p50Ms, 3),
      p99: round(atLarge.p99Ms / atSmall.p99Ms, 3),
    },
    targets: { ratio: TARGET_RATIO, recallAt5: TARGET_RECALL },
  };
  console.log(JSON.stringify(result));
} finally {
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
