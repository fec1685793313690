// A batch of a contacts file's rows, planned as one transaction: what each row does under the same dedupe
// rules as form intake — an address that is a contact already updates it (or is skipped), a company joins the
// account that has its e-mail domain or its name, else a new account is made and claims both — and the items
// that do it. Planned from consistent reads of the claims; the transaction's conditions on those claims make
// a plan that raced another writer fail whole, to be planned again from what is there now.
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import {
  type Account,
  accountKey,
  type Contact,
  contactKey,
  contacts,
  emailClaimItem,
  emailClaimKey,
  toAccount,
  toContact,
} from '../accounts/index.ts';
import { accountCreateItems, liveAccount } from '../accounts/services.ts';
import { companyDomainOf, domainClaimItem, domainClaimKey } from '../forms/index.ts';
import { companyNameKey, personNameKey, phoneKey } from '../lifecycle/index.ts';
import { accountsNamed } from '../lifecycle/services.ts';
import type { Key } from '../platform/entity.ts';
import { readItems, type TransactItem } from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { type ColumnMapping, type ContactRow, contactRow, type RowError } from './contact-mapping.ts';
import type { CsvItem } from './csv.ts';
import { importErrorItem, nameClaimKey, personClaimKey } from './entity.ts';
import type { ImportCounts } from './import.ts';

export interface RowContext {
  readonly importId: string;
  readonly columns: readonly ColumnMapping[];
  readonly existing: 'update' | 'skip';
  readonly at: string;
  /** Company names looked up in the duplicates' index this run: name key → an account's id, or null. */
  readonly named: Map<string, string | null>;
}

export interface PlannedRows {
  /** How many of the rows given (from the first) the batch takes. */
  readonly used: number;
  readonly items: TransactItem[];
  readonly counts: Partial<ImportCounts>;
}

/** A row's `n`-th error, as a batch's transaction writes it (unconditionally: written again, it is the same). */
export const importErrorPut = (importId: string, error: RowError, n: number): TransactItem => ({
  Put: { TableName: TABLE_NAME, Item: importErrorItem(importId, error, n) },
});

/** Errors kept per row: a row with more is told by its first ones. */
const ERRORS_PER_ROW = 10;

const keyId = (key: Key) => `${key.pk}\n${key.sk}`;

/** A person without an e-mail address, as a key: their name, phone and company, folded. */
function personKey(row: ContactRow, nameKey: string | undefined): string {
  const name = personNameKey(row.contact.name) ?? row.contact.name.toLowerCase();
  const phone = row.contact.phone === undefined ? '' : (phoneKey(row.contact.phone) ?? row.contact.phone);
  return createHash('sha256')
    .update(`${name}\n${phone}\n${nameKey ?? ''}`)
    .digest('hex')
    .slice(0, 40);
}

/** A claim written where nothing is, or where the claim names a record that is gone (`stale`). */
function claimPut(item: Record<string, unknown>, stale?: { field: string; id: string }): TransactItem {
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: item,
      ConditionExpression:
        stale === undefined ? 'attribute_not_exists(pk)' : 'attribute_not_exists(pk) OR #field = :stale',
      ...(stale === undefined
        ? {}
        : {
            ExpressionAttributeNames: { '#field': stale.field },
            ExpressionAttributeValues: { ':stale': stale.id },
          }),
    },
  };
}

interface Keys {
  readonly row: ContactRow;
  readonly domain?: string | undefined;
  readonly nameKey?: string | undefined;
  /** The contact's own claim: its e-mail address's, or (without one) the person's. */
  readonly claim: Key;
}

/** An account a row may join: live (not being deleted or merged away). */
const joinable = (item: Record<string, unknown> | undefined): Account | undefined =>
  item === undefined || item.deletingAt !== undefined || item.mergingInto !== undefined
    ? undefined
    : toAccount(item);

/** The fields of `contact` the row gives and differs in. */
function changes(contact: Contact, row: ContactRow): Partial<Contact> {
  const patch: Record<string, unknown> = {};
  for (const field of ['name', 'phone', 'role', 'decisionMaker'] as const)
    if (row.given.includes(field) && row.contact[field] !== contact[field]) patch[field] = row.contact[field];
  return patch as Partial<Contact>;
}

/**
 * Plan the longest run of `rows` (from the first) that fits one transaction of `maxItems` items and writes no
 * item twice: a row whose address, person or contact an earlier row of the batch writes is left for the next
 * batch, which finds what this one made.
 */
export async function planRows(
  rows: readonly CsvItem[],
  context: RowContext,
  maxItems: number,
): Promise<PlannedRows> {
  const parsed = rows.map((item) => contactRow(item.record.row, item.record.cells, context.columns));
  const keyed = parsed.map((outcome): Keys | undefined => {
    if (!('value' in outcome)) return undefined;
    const row = outcome.value;
    const email = row.contact.email;
    const domain = row.account.domain ?? (email === undefined ? undefined : companyDomainOf(email));
    const nameKey = row.given.includes('company') ? companyNameKey(row.account.name) : undefined;
    return {
      row,
      domain,
      nameKey,
      claim: email === undefined ? personClaimKey(personKey(row, nameKey)) : emailClaimKey(email),
    };
  });

  // The claims (an address, a person, a domain, a company name), then what they name.
  const claimKeys = keyed.flatMap((keys) =>
    keys === undefined
      ? []
      : [
          keys.claim,
          ...(keys.domain === undefined ? [] : [domainClaimKey(keys.domain)]),
          ...(keys.nameKey === undefined ? [] : [nameClaimKey(keys.nameKey)]),
        ],
  );
  const claims = await readAll(claimKeys);
  const claimOf = (key: Key) => claims.get(keyId(key));
  // Company names no claim knows (nor their domain's): perhaps an account made some other way (the
  // duplicates' index).
  await Promise.all(
    [
      ...new Set(
        keyed.flatMap((keys) =>
          keys?.nameKey === undefined ||
          claimOf(nameClaimKey(keys.nameKey)) !== undefined ||
          (keys.domain !== undefined && claimOf(domainClaimKey(keys.domain)) !== undefined)
            ? []
            : [keys.nameKey],
        ),
      ),
    ]
      .filter((nameKey) => !context.named.has(nameKey))
      .map(async (nameKey) => {
        const [found] = await accountsNamed(nameKey, 1);
        context.named.set(nameKey, found ?? null);
      }),
  );
  const accountIds = new Set<string>();
  const contactKeys: Key[] = [];
  for (const keys of keyed) {
    if (keys === undefined) continue;
    const claim = claimOf(keys.claim);
    if (claim !== undefined) contactKeys.push(contactKey(String(claim.accountId), String(claim.contactId)));
    for (const key of [
      keys.domain === undefined ? undefined : domainClaimKey(keys.domain),
      keys.nameKey === undefined ? undefined : nameClaimKey(keys.nameKey),
    ])
      if (key !== undefined && claimOf(key) !== undefined) accountIds.add(String(claimOf(key)?.accountId));
    const named = keys.nameKey === undefined ? undefined : context.named.get(keys.nameKey);
    if (typeof named === 'string') accountIds.add(named);
  }
  const records = await readAll([...[...accountIds].map(accountKey), ...contactKeys]);
  const accountOf = (id: string | undefined) =>
    id === undefined ? undefined : joinable(records.get(keyId(accountKey(id))));

  const items: TransactItem[] = [];
  const written = new Set<string>();
  const checked = new Set<string>();
  const madeFor = new Map<string, string>();
  const counts = { done: 0, created: 0, updated: 0, skipped: 0, failed: 0, accountsCreated: 0 };
  let used = 0;
  for (let index = 0; index < parsed.length; index++) {
    const planned = planRow(index);
    // The first row always goes (a row alone fits); a later one only while the batch has room.
    const clash = planned.writes.some((key) => written.has(keyId(key)));
    if (used > 0 && (clash || items.length + planned.items.length > maxItems)) break;
    for (const key of planned.writes) written.add(keyId(key));
    items.push(...planned.items);
    planned.apply();
    counts[planned.outcome] += 1;
    counts.done += 1;
    used += 1;
  }
  return { used, items, counts };

  function failed(errors: readonly RowError[]) {
    return {
      outcome: 'failed' as const,
      writes: [] as Key[],
      items: errors
        .slice(0, ERRORS_PER_ROW)
        .map((error, n): TransactItem => importErrorPut(context.importId, error, n)),
      apply() {},
    };
  }

  function planRow(index: number) {
    const outcome = parsed[index];
    const keys = keyed[index];
    if (outcome === undefined || keys === undefined)
      return failed(outcome !== undefined && 'errors' in outcome ? outcome.errors : []);
    const { row } = keys;
    const claim = claimOf(keys.claim);
    const claimedKey =
      claim === undefined ? undefined : contactKey(String(claim.accountId), String(claim.contactId));
    const found = claimedKey === undefined ? undefined : records.get(keyId(claimedKey));
    // Only a contact itself: a merge leaves a stub at a moved contact's old key.
    const known = found?.type === 'Contact' ? found : undefined;
    if (known !== undefined && claimedKey !== undefined) {
      const contact = toContact(known);
      const patch = changes(contact, row);
      if (context.existing === 'skip' || Object.keys(patch).length === 0)
        return { outcome: 'skipped' as const, writes: [] as Key[], items: [], apply() {} };
      if (contact.mergingInto !== undefined)
        return failed([
          {
            row: row.row,
            message: `Contact ${contact.id} is being merged into ${contact.mergingInto}; import this row again once that is done.`,
          },
        ]);
      const next: Contact = { ...contact, ...patch, updatedAt: context.at, version: contact.version + 1 };
      return {
        outcome: 'updated' as const,
        writes: [claimedKey],
        items: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: contacts.item(next),
              ConditionExpression: 'version = :read AND attribute_not_exists(mergingInto)',
              ExpressionAttributeValues: { ':read': contact.version },
            },
          },
        ],
        apply() {},
      };
    }

    // A new contact: under the account of its company's domain, else of its company's name, else a new one.
    const domainClaim = keys.domain === undefined ? undefined : claimOf(domainClaimKey(keys.domain));
    const nameClaim = keys.nameKey === undefined ? undefined : claimOf(nameClaimKey(keys.nameKey));
    // The domain first, then the name: each an account this batch makes, else one a claim (or the index) names.
    const madeByDomain = keys.domain === undefined ? undefined : madeFor.get(`domain:${keys.domain}`);
    const madeByName = keys.nameKey === undefined ? undefined : madeFor.get(`name:${keys.nameKey}`);
    const byDomain = accountOf(domainClaim === undefined ? undefined : String(domainClaim.accountId));
    if (
      madeByDomain === undefined &&
      domainClaim !== undefined &&
      byDomain === undefined &&
      records.has(keyId(accountKey(String(domainClaim.accountId))))
    )
      return failed([
        {
          row: row.row,
          message: `Account ${String(domainClaim.accountId)}, which has the domain ${keys.domain}, is being deleted or merged; import this row again once that is done.`,
        },
      ]);
    const named = keys.nameKey === undefined ? undefined : context.named.get(keys.nameKey);
    const byName =
      accountOf(nameClaim === undefined ? undefined : String(nameClaim.accountId)) ??
      accountOf(typeof named === 'string' ? named : undefined);
    const joined =
      madeByDomain !== undefined
        ? { id: madeByDomain, made: true }
        : byDomain !== undefined
          ? { id: byDomain.id, made: false }
          : madeByName !== undefined
            ? { id: madeByName, made: true }
            : byName !== undefined
              ? { id: byName.id, made: false }
              : undefined;
    const writes: Key[] = [keys.claim];
    const rowItems: TransactItem[] = [];
    let accountId: string;
    let madeAccount: Account | undefined;
    if (joined !== undefined) {
      accountId = joined.id;
      // An account this batch makes is written in the same transaction: no check of it (nor twice of one).
      if (!joined.made && !checked.has(accountId)) rowItems.push(liveAccount(accountId));
    } else {
      madeAccount = {
        id: ulid(),
        name: row.account.name,
        relationship: 'customer',
        audience: 'external',
        lifecycleStage: row.account.lifecycleStage ?? 'lead',
        ...(row.account.leadScore === undefined ? {} : { leadScore: row.account.leadScore }),
        tags: [...row.account.tags],
        custom: { ...row.account.custom },
        createdAt: context.at,
        updatedAt: context.at,
        version: 1,
      };
      accountId = madeAccount.id;
      if (keys.domain !== undefined) {
        writes.push(domainClaimKey(keys.domain));
        rowItems.push(
          claimPut(
            domainClaimItem(keys.domain, accountId, context.at),
            domainClaim === undefined ? undefined : { field: 'accountId', id: String(domainClaim.accountId) },
          ),
        );
      }
      if (keys.nameKey !== undefined) {
        writes.push(nameClaimKey(keys.nameKey));
        rowItems.push(
          claimPut(
            { ...nameClaimKey(keys.nameKey), type: 'ImportNameClaim', accountId, createdAt: context.at },
            nameClaim === undefined ? undefined : { field: 'accountId', id: String(nameClaim.accountId) },
          ),
        );
      }
      rowItems.push(...accountCreateItems(madeAccount));
    }
    const contact: Contact = {
      id: ulid(),
      accountId,
      ...row.contact,
      createdAt: context.at,
      updatedAt: context.at,
      version: 1,
    };
    const stale = claim === undefined ? undefined : { field: 'contactId', id: String(claim.contactId) };
    rowItems.push(
      claimPut(
        row.contact.email === undefined
          ? {
              ...keys.claim,
              type: 'ImportPersonClaim',
              accountId,
              contactId: contact.id,
              createdAt: context.at,
            }
          : emailClaimItem(row.contact.email, contact),
        stale,
      ),
      {
        Put: {
          TableName: TABLE_NAME,
          Item: contacts.item(contact),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    );
    return {
      outcome: 'created' as const,
      writes,
      items: rowItems,
      apply() {
        checked.add(accountId);
        if (madeAccount !== undefined) {
          counts.accountsCreated += 1;
          if (keys.domain !== undefined) madeFor.set(`domain:${keys.domain}`, accountId);
          if (keys.nameKey !== undefined) madeFor.set(`name:${keys.nameKey}`, accountId);
        }
      },
    };
  }
}

/** Items by key, 100 keys to a read. */
async function readAll(keys: readonly Key[]): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Map(keys.map((key) => [keyId(key), key])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < unique.length; start += 100) {
    const slice = unique.slice(start, start + 100);
    const items = await readItems(slice);
    for (const [index, item] of items.entries()) {
      const key = slice[index];
      if (item !== undefined && key !== undefined) found.set(keyId(key), item);
    }
  }
  return found;
}
