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
  indexes: {},
});

export const interactions = /* @__PURE__ */ entity({
  type: 'Interaction',
  key: (interaction: Interaction) => interactionKey(interaction.accountId, interaction.id),
  indexes: {},
});

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
