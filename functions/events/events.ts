// Domain events: what each table change announces (schemas in event-schemas.ts). The relay
// maps a stream record to at most one event; its id is derived from the change (keys + version), so a
// redelivered record yields the same id and consumers can deduplicate.
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { accounts, contacts, interactions } from '../accounts/index.ts';
import type { importChunks, imports } from '../bulk/index.ts';
import type { forms, submissions } from '../forms/index.ts';
import type { accountDeletions, accountMerges, contactMerges, erasures } from '../lifecycle/index.ts';
import type { charges, invoices, orders } from '../orders/index.ts';
import { EVENT_SOURCE, REANNOUNCED_AT } from '../platform/declarations.ts';
import { MERGE_STAMP, withoutStorageAttributes } from '../platform/entity.ts';
import type { reports } from '../reporting/index.ts';
import type { deals } from '../sales/index.ts';
import type { surveys, tickets } from '../service/index.ts';
import type { members } from '../team/index.ts';
import type { mails, taskDues, tasks } from '../work/index.ts';
import type { failures } from './entity.ts';
import { EVENT_VERSION } from './version.ts';

/** The record types that announce their changes: the `type` their entities give their items. */
type AnnouncingType = (
  | typeof accounts
  | typeof contacts
  | typeof interactions
  | typeof forms
  | typeof members
  | typeof submissions
  | typeof tasks
  | typeof tickets
  | typeof mails
  | typeof deals
  | typeof orders
  | typeof invoices
  | typeof charges
  | typeof surveys
  | typeof reports
  | typeof taskDues
  | typeof failures
  | typeof accountDeletions
  | typeof accountMerges
  | typeof contactMerges
  | typeof erasures
  | typeof imports
  | typeof importChunks
)['type'];

type Announcements = Partial<Record<'INSERT' | 'MODIFY' | 'REMOVE', string>>;

/**
 * Which record types announce changes, and under which names; claims and other internals announce nothing.
 * Keyed by the entities' item types, checked against them (written out, so the relay bundles no entity).
 */
export const ANNOUNCED = {
  Account: { INSERT: 'AccountCreated', MODIFY: 'AccountUpdated', REMOVE: 'AccountDeleted' },
  Contact: { INSERT: 'ContactCreated', MODIFY: 'ContactUpdated', REMOVE: 'ContactDeleted' },
  Interaction: {
    INSERT: 'InteractionLogged',
    MODIFY: 'InteractionUpdated',
    REMOVE: 'InteractionDeleted',
  },
  Form: { INSERT: 'FormCreated', MODIFY: 'FormUpdated', REMOVE: 'FormDeleted' },
  Member: { INSERT: 'MemberAdded', MODIFY: 'MemberUpdated', REMOVE: 'MemberRemoved' },
  // A submission's later state changes (processed, failed) are bookkeeping, not news.
  Submission: { INSERT: 'FormSubmitted' },
  Task: { INSERT: 'TaskCreated', MODIFY: 'TaskUpdated', REMOVE: 'TaskDeleted' },
  Ticket: { INSERT: 'TicketOpened', MODIFY: 'TicketUpdated', REMOVE: 'TicketDeleted' },
  Mail: { INSERT: 'MailQueued' },
  Deal: { INSERT: 'DealCreated', MODIFY: 'DealUpdated', REMOVE: 'DealDeleted' },
  Order: { INSERT: 'OrderPlaced', MODIFY: 'OrderUpdated', REMOVE: 'OrderDeleted' },
  Invoice: { INSERT: 'InvoiceIssued' },
  // An internal account's bill: not payable, so not an invoice to whoever books invoices.
  Charge: { INSERT: 'ChargeIssued' },
  // Sent with its e-mail; answered once (the only change a survey ever sees).
  Survey: { INSERT: 'SurveySent', MODIFY: 'SurveyAnswered' },
  // Made (or remade with changed figures) by the report job.
  Report: { INSERT: 'ReportGenerated', MODIFY: 'ReportGenerated' },
  // Written once per task and due time by the hourly job; its expiry announces nothing.
  TaskDue: { INSERT: 'TaskDue' },
  // An automation gave up (a dead letter); it changes when it fails again or is retried.
  Failure: { INSERT: 'AutomationFailed', MODIFY: 'FailureUpdated' },
  // An account's deletion accepted, and each batch of it (a refused one, undone, announces nothing more).
  AccountDeletion: { INSERT: 'AccountDeletionRequested', MODIFY: 'AccountDeletionProgressed' },
  // A merge accepted, and each batch of it; its end is its own event (FINISHED_EVENTS).
  AccountMerge: { INSERT: 'AccountMergeRequested', MODIFY: 'AccountMergeProgressed' },
  ContactMerge: { INSERT: 'ContactMergeRequested', MODIFY: 'ContactMergeProgressed' },
  // A person's data erased: which contact, when, by whom — nothing about the person.
  Erasure: { INSERT: 'ContactErased' },
  // An import accepted, and each chunk its splitting makes; its end is its own event (FINISHED_EVENTS).
  Import: { INSERT: 'ImportStarted', MODIFY: 'ImportProgressed' },
  // A share of an import's rows, ready for a worker; its batches are bookkeeping, not news.
  ImportChunk: { INSERT: 'ImportChunkReady' },
} as const satisfies Record<AnnouncingType, Announcements>;

/**
 * Fields a record keeps out of its events: a mail's text (it can carry a survey's secret link; the sender
 * reads it from the table) and a report's figures (a subscriber reads them from the API; events stay small).
 */
export const UNANNOUNCED_FIELDS: Partial<Record<AnnouncingType, readonly string[]>> = {
  Mail: ['text'],
  Report: ['report'],
  Failure: ['eventJson', 'lastMessageId'],
};

/** Status changes are their own events, carrying the previous and the new value, so rules can match on them. */
export const STATUS_EVENTS = {
  Deal: { field: 'stage', detailType: 'DealStageChanged' },
  Order: { field: 'status', detailType: 'OrderStatusChanged' },
  Ticket: { field: 'status', detailType: 'TicketStatusChanged' },
  // Each retry counts up `retries`: the redrive acts on that change.
  Failure: { field: 'retries', detailType: 'FailureRetryRequested' },
} as const satisfies Partial<Record<AnnouncingType, { field: string; detailType: string }>>;

/** A job's last batch (its `state` becomes `done`) is announced as what the job did. */
export const FINISHED_EVENTS = {
  AccountMerge: 'AccountMerged',
  ContactMerge: 'ContactMerged',
  Import: 'ImportCompleted',
} as const satisfies Partial<Record<AnnouncingType, string>>;

type Announced = typeof ANNOUNCED;
export type EntityType = keyof Announced;
type ValuesOf<T> = T[keyof T];
export type DetailType =
  | ValuesOf<{ [E in EntityType]: ValuesOf<Announced[E]> }>
  | (typeof STATUS_EVENTS)[keyof typeof STATUS_EVENTS]['detailType']
  | (typeof FINISHED_EVENTS)[keyof typeof FINISHED_EVENTS];

export { EVENT_VERSION };

export interface DomainEvent {
  readonly source: typeof EVENT_SOURCE;
  readonly detailType: DetailType;
  readonly time: Date;
  readonly detail: DomainEventDetail;
}

export interface DomainEventDetail {
  readonly eventId: string;
  readonly eventVersion: typeof EVENT_VERSION;
  readonly entity: EntityType;
  readonly id: string;
  readonly accountId?: string;
  readonly occurredAt: string;
  /** Who made the change: a member's id, `public` (a form or survey), or `system:<function>`. */
  readonly actor?: string;
  readonly data?: Record<string, unknown>;
  readonly previous?: Record<string, unknown>;
  /** For status events: which field moved, from what, to what. */
  readonly change?: { readonly field: string; readonly from: unknown; readonly to: unknown };
}

const isEntityType = (value: unknown): value is EntityType =>
  typeof value === 'string' && Object.hasOwn(ANNOUNCED, value);

/** Map one stream record to its domain event, or undefined when the change announces nothing. */
export function toDomainEvent(record: DynamoDBRecord): DomainEvent | undefined {
  const change = record.eventName;
  if (change === undefined) return undefined;
  const newImage = image(record.dynamodb?.NewImage);
  const oldImage = image(record.dynamodb?.OldImage);
  const current = newImage ?? oldImage;
  if (current === undefined || !isEntityType(current.type)) return undefined;
  // Moved or relinked by a merge: the merge's own event says so.
  if (newImage?.[MERGE_STAMP] !== undefined && newImage[MERGE_STAMP] !== oldImage?.[MERGE_STAMP])
    return undefined;
  const status = (STATUS_EVENTS as Partial<Record<EntityType, { field: string; detailType: DetailType }>>)[
    current.type
  ];
  const moved =
    change === 'MODIFY' && status !== undefined && newImage?.[status.field] !== oldImage?.[status.field]
      ? { field: status.field, from: oldImage?.[status.field], to: newImage?.[status.field] }
      : undefined;
  const announcements = ANNOUNCED[current.type] as Partial<Record<typeof change, DetailType>>;
  // Re-announced by the reconciler (its automation stalled): the creation event again, with its id.
  const reannounced =
    change === 'MODIFY' && newImage?.[REANNOUNCED_AT] !== oldImage?.[REANNOUNCED_AT]
      ? announcements.INSERT
      : undefined;
  const finished =
    change === 'MODIFY' && newImage?.state === 'done' && oldImage?.state !== 'done'
      ? (FINISHED_EVENTS as Partial<Record<EntityType, DetailType>>)[current.type]
      : undefined;
  const detailType =
    reannounced ??
    finished ??
    (moved !== undefined && status !== undefined ? status.detailType : announcements[change]);
  if (detailType === undefined) return undefined;
  const version = typeof current.version === 'number' ? current.version : 0;
  const hidden = UNANNOUNCED_FIELDS[current.type] ?? [];
  const announced = (item: Record<string, unknown>) => {
    const record = withoutStorageAttributes(item);
    for (const field of hidden) delete record[field];
    return record;
  };
  const data = newImage === undefined ? undefined : announced(newImage);
  const previous = oldImage === undefined ? undefined : announced(oldImage);
  const approximate = record.dynamodb?.ApproximateCreationDateTime;
  const stamped = change === 'REMOVE' ? undefined : (data?.updatedAt ?? data?.createdAt);
  const time =
    typeof stamped === 'string'
      ? new Date(stamped)
      : new Date(approximate === undefined ? Date.now() : approximate * 1000);
  const record_ = data ?? previous ?? {};
  // Who made the change: the record's last writer (a member's id, `public`, or `system:<name>`).
  const actor = data?.updatedBy ?? previous?.updatedBy;
  return {
    source: EVENT_SOURCE,
    detailType,
    time,
    detail: {
      eventId: eventId(detailType, String(current.pk), String(current.sk), version),
      eventVersion: EVENT_VERSION,
      entity: current.type,
      id: String(record_.id),
      ...(typeof record_.accountId === 'string' ? { accountId: record_.accountId } : {}),
      occurredAt: time.toISOString(),
      ...(typeof actor === 'string' ? { actor } : {}),
      ...(data === undefined ? {} : { data }),
      ...(previous === undefined ? {} : { previous }),
      ...(moved === undefined ? {} : { change: moved }),
    },
  };
}

function image(attributes: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (attributes === undefined) return undefined;
  return unmarshall(attributes as Record<string, AttributeValue>);
}

/** A UUID-shaped digest of what changed: the same change always has the same id. */
export function eventId(detailType: string, pk: string, sk: string, version: number): string {
  const hex = createHash('sha256').update(`${detailType}|${pk}|${sk}|${version}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
