// Where the accounts area's records are kept: an account's partition holds the account and everything that
// belongs to it (each area keys its own records there), and its indexes are named for what they answer.
import { byType, entity, indexAttributes, indexKeysOf } from '../platform/entity.ts';
import type { Account } from './account.ts';
import type { Contact } from './contact.ts';
import type { Interaction } from './interaction.ts';

/** The partition of an account: the account, and its contacts, interactions, deals, tickets, orders… */
export const accountPartition = (accountId: string) => `ACCOUNT#${accountId}`;

export const accountKey = (accountId: string) =>
  ({ pk: accountPartition(accountId), sk: 'ACCOUNT' }) as const;

export const CONTACT_PREFIX = 'CONTACT#';
export const contactKey = (accountId: string, contactId: string) =>
  ({ pk: accountPartition(accountId), sk: `${CONTACT_PREFIX}${contactId}` }) as const;

export const INTERACTION_PREFIX = 'INTERACTION#';
/** Interaction ids are ULIDs minted from occurredAt, so the sort key orders the timeline. */
export const interactionKey = (accountId: string, interactionId: string) =>
  ({ pk: accountPartition(accountId), sk: `${INTERACTION_PREFIX}${interactionId}` }) as const;

/** What an account's index keys are built from. */
export interface IndexedAccount {
  readonly id: string;
  readonly ownerId?: string | undefined;
  readonly lifecycleStage: string;
  readonly relationship: string;
}

// In every index an account sorts by its id, so newest first is a reverse read.
const accountSortKey = (accountId: string) => `ACCOUNT#${accountId}`;
/** Shared with the deals' by-owner index: one owner's accounts and deals, told apart by sort-key prefix. */
const ownerPartition = (ownerId: string) => `OWNER#${ownerId}`;
const stagePartition = (stage: string) => `ACCOUNT#STAGE#${stage}`;
const relationshipPartition = (relationship: string) => `ACCOUNT#REL#${relationship}`;

export const accounts = /* @__PURE__ */ entity({
  type: 'Account',
  key: (account: Account) => accountKey(account.id),
  indexes: {
    byOwner: {
      index: 'gsi1',
      partition: ownerPartition,
      /** The owner's accounts only: the partition also holds the owner's deals. */
      prefix: accountSortKey(''),
      key: (account: Pick<IndexedAccount, 'id' | 'ownerId'>) =>
        account.ownerId === undefined
          ? undefined
          : { pk: ownerPartition(account.ownerId), sk: accountSortKey(account.id) },
    },
    byLifecycleStage: {
      index: 'gsi2',
      partition: stagePartition,
      key: (account: IndexedAccount) => ({
        pk: stagePartition(account.lifecycleStage),
        sk: accountSortKey(account.id),
      }),
    },
    byRelationship: {
      index: 'gsi3',
      partition: relationshipPartition,
      key: (account: IndexedAccount) => ({
        pk: relationshipPartition(account.relationship),
        sk: accountSortKey(account.id),
      }),
    },
    all: /* @__PURE__ */ byType<IndexedAccount>('ACCOUNT'),
  },
});

/** An account's index keys, as item attributes (an account without an owner is not in the by-owner index). */
export const accountIndexKeys = (account: IndexedAccount) => indexKeysOf(accounts.indexes, account);

/**
 * The index attributes an in-place update of an account must write with the fields it changes: the new
 * value of each, or null for one to remove (no owner any more).
 */
export function accountIndexChanges(
  accountId: string,
  change: {
    readonly ownerId?: string | null;
    readonly lifecycleStage?: string;
    readonly relationship?: string;
  },
): Record<string, string | null> {
  const { byOwner, byLifecycleStage, byRelationship } = accounts.indexes;
  const changes: Record<string, string | null> = {};
  if (change.ownerId === null) {
    const names = indexAttributes(byOwner.index);
    changes[names.pk] = null;
    changes[names.sk] = null;
  } else if (change.ownerId !== undefined) {
    Object.assign(changes, indexKeysOf({ byOwner }, { id: accountId, ownerId: change.ownerId }));
  }
  // The sort keys stay as they are (the id does not change): only the partitions move.
  if (change.lifecycleStage !== undefined)
    changes[indexAttributes(byLifecycleStage.index).pk] = byLifecycleStage.partition(change.lifecycleStage);
  if (change.relationship !== undefined)
    changes[indexAttributes(byRelationship.index).pk] = byRelationship.partition(change.relationship);
  return changes;
}

/** The SET clauses, with their names and values, that move an account's index keys along with `change`. */
export function accountIndexSet(
  accountId: string,
  change: { readonly ownerId?: string; readonly lifecycleStage?: string; readonly relationship?: string },
) {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const [attribute, value] of Object.entries(accountIndexChanges(accountId, change))) {
    if (value === null) continue;
    clauses.push(`#${attribute} = :${attribute}`);
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
  }
  return { clauses, names, values };
}

export const contacts = /* @__PURE__ */ entity({
  type: 'Contact',
  key: (contact: Contact) => contactKey(contact.accountId, contact.id),
  /** Found by its own id (`/contacts/{id}`), for the account it is under. */
  indexes: { all: /* @__PURE__ */ byType<Contact>('CONTACT') },
});

export const interactions = /* @__PURE__ */ entity({
  type: 'Interaction',
  key: (interaction: Interaction) => interactionKey(interaction.accountId, interaction.id),
  indexes: {},
});

/**
 * A tag as it is listed: case, surrounding and repeated spaces (and Unicode look-alikes) ignored, so `VIP`,
 * ` vip ` and `Vip` are one tag.
 */
export const normaliseTag = (tag: string) => tag.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();

/**
 * What an account is listed under besides the index keys of its own item (which has all four taken: owner,
 * lifecycle stage, relationship, type): its tags, its account manager and its audience. One small item per
 * value under the account's partition (`TAG#<tag>`, `MANAGER#<id>`, `AUDIENCE#<audience>`), written and
 * removed in the same transaction as the account change, each in the index partition of its value.
 */
export interface AccountListing {
  readonly accountId: string;
  readonly facet: 'tag' | 'manager' | 'audience';
  readonly value: string;
}

const LISTING_PREFIX = { tag: 'TAG#', manager: 'MANAGER#', audience: 'AUDIENCE#' } as const;
const tagPartition = (tag: string) => `ACCOUNT#TAG#${tag}`;
const managerPartition = (accountManagerId: string) => `ACCOUNT#MANAGER#${accountManagerId}`;
const audiencePartition = (audience: string) => `ACCOUNT#AUDIENCE#${audience}`;

/** A listing's index key, when it is of `facet`: its value's partition, the account's id (newest first). */
const listingKey =
  (facet: AccountListing['facet'], partition: (value: string) => string) => (listing: AccountListing) =>
    listing.facet === facet
      ? { pk: partition(listing.value), sk: accountSortKey(listing.accountId) }
      : undefined;

export const accountListings = /* @__PURE__ */ entity({
  type: 'AccountListing',
  key: (listing: AccountListing) => ({
    pk: accountPartition(listing.accountId),
    sk: `${LISTING_PREFIX[listing.facet]}${listing.value}`,
  }),
  indexes: {
    byTag: { index: 'gsi3', partition: tagPartition, key: listingKey('tag', tagPartition) },
    byAccountManager: {
      index: 'gsi1',
      partition: managerPartition,
      key: listingKey('manager', managerPartition),
    },
    byAudience: {
      index: 'gsi3',
      partition: audiencePartition,
      key: listingKey('audience', audiencePartition),
    },
  },
});

/** The listings of an account as it is: one per distinct normalised tag, its manager (if any), its audience. */
export function listingsOf(
  account: Pick<Account, 'id' | 'tags' | 'accountManagerId' | 'audience'>,
): AccountListing[] {
  const accountId = account.id;
  return [
    ...[...new Set(account.tags.map(normaliseTag))].map((value) => ({
      accountId,
      facet: 'tag' as const,
      value,
    })),
    ...(account.accountManagerId === undefined
      ? []
      : [{ accountId, facet: 'manager' as const, value: account.accountManagerId }]),
    { accountId, facet: 'audience' as const, value: account.audience },
  ];
}

/** The items of an account's listings (what a new account is written with). */
export const accountListingItems = (account: Parameters<typeof listingsOf>[0]) =>
  listingsOf(account).map((listing) => accountListings.item(listing));

/**
 * How an account's listings change from `before` to `after`: the keys of those it no longer has, to delete,
 * and the items of all it has now, to put — those it kept too (a put of the same key changes nothing), so an
 * account written before it had listings gets them all with its next such change.
 */
export function accountListingChanges(
  before: Parameters<typeof listingsOf>[0],
  after: Parameters<typeof listingsOf>[0],
) {
  const keyOf = (listing: AccountListing) => accountListings.key(listing);
  const next = listingsOf(after);
  const wanted = new Set(next.map((listing) => keyOf(listing).sk));
  return {
    removed: listingsOf(before)
      .map(keyOf)
      .filter((key) => !wanted.has(key.sk)),
    listed: next.map((listing) => accountListings.item(listing)),
  };
}

/** The claim on a normalised e-mail address: at most one contact has it, CRM-wide. */
export const emailClaimKey = (normalisedEmail: string) =>
  ({ pk: `EMAIL#${normalisedEmail}`, sk: 'EMAIL' }) as const;

/** The claim item of a contact's address, pointing at the contact (the address is only in the key). */
export const emailClaimItem = (
  normalisedEmail: string,
  contact: Pick<Contact, 'id' | 'accountId' | 'createdAt'>,
) => ({
  ...emailClaimKey(normalisedEmail),
  type: 'EmailClaim',
  accountId: contact.accountId,
  contactId: contact.id,
  createdAt: contact.createdAt,
});
