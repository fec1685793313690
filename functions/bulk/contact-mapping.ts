// Columns of a contacts file → Clientele's fields: explicit (`mapping`), or recognised from the headers the
// common exports write — HubSpot ("First Name", "Email", "Phone Number", "Company Name"), Salesforce
// ("FirstName", "Account Name", "MobilePhone"), ClickUp ("Task Name", "Email (email)"), a plain spreadsheet
// ("Name", "E-mail", "Firma"). One row is one contact; the company columns beside it name its account.
import { AccountCreate, ContactCreate, LIFECYCLE_STAGES } from '../accounts/index.ts';
import { fold } from '../platform/fold.ts';
import * as z from '../platform/zod.ts';

/** The fields a contacts import fills; `custom:<name>` puts a column in the account's custom fields. */
export const CONTACT_IMPORT_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'role',
  'decisionMaker',
  'company',
  'website',
  'lifecycleStage',
  'tags',
  'leadScore',
] as const;
export type ContactImportField = (typeof CONTACT_IMPORT_FIELDS)[number];
export type ColumnTarget = ContactImportField | `custom:${string}` | 'ignore';

/**
 * A header as compared: without a type note ("Email (email)"), folded as duplicates and search fold words
 * (case, accents), spaces and punctuation dropped.
 */
export const headerKey = (header: string) =>
  fold(header.replace(/\s*\([^)]*\)\s*$/, '')).replace(/[^a-z0-9]/g, '');

const KNOWN: Readonly<Record<ContactImportField | 'ignore', readonly string[]>> = {
  name: ['name', 'fullname', 'contactname', 'contact', 'taskname', 'displayname'],
  firstName: ['firstname', 'givenname', 'first', 'vorname', 'prenom'],
  lastName: ['lastname', 'surname', 'familyname', 'last', 'nachname', 'nom'],
  email: ['email', 'emailaddress', 'email1', 'primaryemail', 'workemail', 'mail', 'emailadresse'],
  phone: [
    'phone',
    'phonenumber',
    'mobilephone',
    'mobilephonenumber',
    'mobile',
    'telephone',
    'tel',
    'workphone',
    'businessphone',
    'telefon',
    'telefonnummer',
  ],
  role: ['jobtitle', 'title', 'role', 'position'],
  decisionMaker: ['decisionmaker'],
  company: [
    'company',
    'companyname',
    'accountname',
    'account',
    'organization',
    'organisation',
    'organizationname',
    'associatedcompany',
    'firma',
    'unternehmen',
  ],
  website: ['website', 'websiteurl', 'companydomainname', 'domain', 'web', 'url', 'webseite'],
  lifecycleStage: ['lifecyclestage', 'stage'],
  tags: ['tags', 'tag', 'labels'],
  leadScore: ['leadscore', 'hubspotscore', 'score'],
  // What an export writes about its own records: their ids and bookkeeping dates mean nothing here.
  ignore: [
    'recordid',
    'contactid',
    'id',
    'taskid',
    'taskcustomid',
    'accountid',
    'ownerid',
    'createdate',
    'createddate',
    'datecreated',
    'lastmodifieddate',
    'lastmodified',
    'lastactivitydate',
    'dateupdated',
  ],
};
const RECOGNISED = new Map<string, ContactImportField | 'ignore'>(
  Object.entries(KNOWN).flatMap(([field, keys]) =>
    keys.map((key) => [headerKey(key), field as ContactImportField | 'ignore'] as const),
  ),
);

export type UnknownColumns = 'custom' | 'report';

export interface ColumnMapping {
  readonly column: number;
  readonly header: string;
  readonly target: ColumnTarget | 'unknown';
  /** How the target was chosen. */
  readonly by: 'mapping' | 'header' | 'unknown columns';
}

/** A custom field's name from a header: a letter, then letters, digits, `_ . -` (as the account takes them). */
export function customName(header: string): string | undefined {
  const words = header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
  const [first, ...rest] = words;
  if (first === undefined) return undefined;
  const name = [
    first.toLowerCase(),
    ...rest.map((word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase()),
  ].join('');
  return (/^[A-Za-z]/.test(name) ? name : `column${name}`).slice(0, 64);
}

/**
 * Each column's target: `explicit` (header → target) first, then the recognised headers, then (for the rest)
 * a custom field or `unknown` (reported). A field is filled by one column: a later column naming it again is
 * reported. `explicit` naming a header the file does not have is an error of the caller's.
 */
export function mapColumns(
  headers: readonly string[],
  explicit: Readonly<Record<string, ColumnTarget>> = {},
  unknownColumns: UnknownColumns = 'report',
): { readonly columns: readonly ColumnMapping[]; readonly missing: readonly string[] } {
  const taken = new Set<string>();
  const columns = headers.map((header, column): ColumnMapping => {
    // Own keys only: a header named `constructor` is not Object's.
    const chosen = Object.hasOwn(explicit, header) ? explicit[header] : undefined;
    if (chosen !== undefined) {
      if (chosen !== 'ignore') taken.add(chosen);
      return { column, header, target: chosen, by: 'mapping' };
    }
    return { column, header, target: 'unknown', by: 'header' };
  });
  const resolved = columns.map((mapping): ColumnMapping => {
    if (mapping.by === 'mapping') return mapping;
    const known = RECOGNISED.get(headerKey(mapping.header));
    if (known !== undefined && (known === 'ignore' || !taken.has(known))) {
      if (known !== 'ignore') taken.add(known);
      return { ...mapping, target: known };
    }
    const custom = unknownColumns === 'custom' ? customName(mapping.header) : undefined;
    if (custom !== undefined && !taken.has(`custom:${custom}`)) {
      taken.add(`custom:${custom}`);
      return { ...mapping, target: `custom:${custom}`, by: 'unknown columns' };
    }
    return { ...mapping, target: 'unknown', by: 'unknown columns' };
  });
  const present = new Set(headers);
  return { columns: resolved, missing: Object.keys(explicit).filter((header) => !present.has(header)) };
}

export interface RowError {
  readonly row: number;
  /** The header of the column at fault, when one is. */
  readonly column?: string;
  readonly message: string;
}

/** One row as it would be stored: the contact, and the account its company columns name. */
export interface ContactRow {
  readonly row: number;
  readonly contact: ContactCreate;
  /** The contact's fields the row's cells gave (a name made from the address, or a default, is not given). */
  readonly given: readonly (keyof ContactCreate | 'company')[];
  readonly account: {
    readonly name: string;
    readonly domain?: string;
    readonly lifecycleStage?: (typeof LIFECYCLE_STAGES)[number];
    readonly tags: readonly string[];
    readonly leadScore?: number;
    readonly custom: Readonly<Record<string, string | number | boolean>>;
  };
}

const TRUE = new Set(['true', 'yes', 'y', 'ja', 'oui', 'si', 'x', '1']);
const FALSE = new Set(['false', 'no', 'n', 'nein', 'non', '0', '']);

/** A website or e-mail domain as the account's domain: lowercase host, no scheme, `www.` or path. */
export function domainOf(value: string): string | undefined {
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/?#:]/)[0];
  return host !== undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
}

const LifecycleStage = /* @__PURE__ */ (() => z.enum(LIFECYCLE_STAGES))();

/** HubSpot's and Salesforce's lifecycle names, as the stages accounts have. */
const STAGE_NAMES: Readonly<Record<string, (typeof LIFECYCLE_STAGES)[number]>> = {
  subscriber: 'lead',
  lead: 'lead',
  marketingqualifiedlead: 'prospect',
  salesqualifiedlead: 'prospect',
  prospect: 'prospect',
  opportunity: 'opportunity',
  customer: 'active',
  active: 'active',
  evangelist: 'active',
  churned: 'churned',
  former: 'churned',
  other: 'lead',
};
const STAGE_KEYS = new Map(Object.entries(STAGE_NAMES).map(([name, stage]) => [headerKey(name), stage]));

/** Issues of a schema, each named by the column its path came from. */
/** An error's text as kept (a message may quote a cell of any size). */
const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 299)}…` : text);

function issuesOf(
  error: z.core.$ZodError,
  columnOf: (path: readonly PropertyKey[]) => string | undefined,
  row: number,
) {
  return error.issues.map((issue): RowError => {
    const column = columnOf(issue.path);
    return { row, ...(column === undefined ? {} : { column: clip(column) }), message: clip(issue.message) };
  });
}

/** A row's cells as a contact and its account, or what is wrong with it (column by column). */
export function contactRow(
  row: number,
  cells: readonly string[],
  columns: readonly ColumnMapping[],
): { readonly value: ContactRow } | { readonly errors: readonly RowError[] } {
  const errors: RowError[] = [];
  const by = new Map<string, { header: string; value: string }>();
  for (const mapping of columns) {
    const value = (cells[mapping.column] ?? '').trim();
    if (mapping.target === 'unknown' || mapping.target === 'ignore') continue;
    by.set(mapping.target, { header: mapping.header, value });
  }
  const cell = (field: ContactImportField) => {
    const value = by.get(field)?.value;
    return value === undefined || value === '' ? undefined : value;
  };
  const headerOf = (field: string) => by.get(field)?.header;
  // Cells past the header's columns are an error only when they hold something (a spreadsheet's trailing
  // separator leaves empty ones).
  if (cells.slice(columns.length).some((extra) => extra.trim() !== ''))
    errors.push({ row, message: `${cells.length} cells where the header has ${columns.length} columns.` });

  const email = cell('email');
  const joined = [cell('firstName'), cell('lastName')].filter((part) => part !== undefined).join(' ');
  const name = cell('name') ?? (joined === '' ? undefined : joined) ?? email?.split('@')[0];
  if (name === undefined)
    errors.push({ row, message: 'A contact needs a name (or first and last name) or an e-mail address.' });

  let decisionMaker = false;
  const decision = cell('decisionMaker');
  if (decision !== undefined) {
    const key = decision.toLowerCase();
    if (TRUE.has(key)) decisionMaker = true;
    else if (!FALSE.has(key))
      errors.push({
        row,
        column: headerOf('decisionMaker') as string,
        message: 'Must be yes or no (true/false, 1/0).',
      });
  }
  const contact = ContactCreate.safeParse({
    name: name ?? '?',
    ...(email === undefined ? {} : { email }),
    ...(cell('phone') === undefined ? {} : { phone: cell('phone') }),
    ...(cell('role') === undefined ? {} : { role: cell('role') }),
    decisionMaker,
  });
  if (!contact.success)
    errors.push(
      ...issuesOf(
        contact.error,
        ([field]) =>
          headerOf(field === 'name' ? (by.has('name') ? 'name' : 'firstName') : String(field ?? '')),
        row,
      ),
    );

  const website = cell('website');
  const domain = website === undefined ? undefined : domainOf(website);
  if (website !== undefined && domain === undefined)
    errors.push({ row, column: headerOf('website') as string, message: 'Must be a website or domain.' });
  let lifecycleStage: (typeof LIFECYCLE_STAGES)[number] | undefined;
  const stage = cell('lifecycleStage');
  if (stage !== undefined) {
    lifecycleStage = STAGE_KEYS.get(headerKey(stage)) ?? LifecycleStage.safeParse(stage).data;
    if (lifecycleStage === undefined)
      errors.push({
        row,
        column: headerOf('lifecycleStage') as string,
        message: `Must be one of ${LIFECYCLE_STAGES.join(', ')} (or a HubSpot lifecycle stage).`,
      });
  }
  const score = cell('leadScore');
  const custom: Record<string, string | number | boolean> = {};
  const customHeaders = new Map<string, string>();
  for (const [target, { header, value }] of by)
    if (target.startsWith('custom:') && value !== '') {
      custom[target.slice('custom:'.length)] = value;
      customHeaders.set(target.slice('custom:'.length), header);
    }
  const account = AccountCreate.safeParse({
    name: cell('company') ?? name ?? '?',
    tags: (cell('tags') ?? '')
      .split(/[;,]/)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    custom,
    ...(score === undefined ? {} : { leadScore: Number(score) }),
  });
  if (!account.success)
    errors.push(
      ...issuesOf(
        account.error,
        ([field, key]) =>
          field === 'name'
            ? headerOf(by.has('company') ? 'company' : 'name')
            : field === 'custom'
              ? customHeaders.get(String(key ?? ''))
              : headerOf(String(field ?? '')),
        row,
      ),
    );
  if (errors.length > 0 || !contact.success || !account.success) return { errors };
  const given = (['name', 'email', 'phone', 'role', 'decisionMaker', 'company'] as const).filter((field) =>
    field === 'name' ? cell('name') !== undefined || joined !== '' : cell(field) !== undefined,
  );
  return {
    value: {
      row,
      contact: contact.data,
      given,
      account: {
        name: account.data.name,
        ...(domain === undefined ? {} : { domain }),
        ...(lifecycleStage === undefined ? {} : { lifecycleStage }),
        tags: account.data.tags,
        ...(account.data.leadScore === undefined ? {} : { leadScore: account.data.leadScore }),
        custom: account.data.custom,
      },
    },
  };
}
