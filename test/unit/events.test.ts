// The relay's record → event mapping, and the versioned event schemas against their committed fixtures:
// a schema change that would break a consumer of version 1 fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { accountItem, newAccount } from '../../functions/accounts/account.ts';
import { emailClaimKey, interactionKey } from '../../functions/accounts/entity.ts';
import { newInteraction } from '../../functions/accounts/interaction.ts';
import { DETAIL_SCHEMAS } from '../../functions/events/event-catalog.ts';
import {
  ANNOUNCED,
  eventId,
  FINISHED_EVENTS,
  STATUS_EVENTS,
  toDomainEvent,
} from '../../functions/events/events.ts';
import { idempotencyKey } from '../../functions/platform/keys.ts';
import * as z from '../../functions/platform/zod.ts';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as Image;

function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  oldItem?: Record<string, unknown>,
  newItem?: Record<string, unknown>,
): DynamoDBRecord {
  const keys = (newItem ?? oldItem) as { pk: string; sk: string };
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: 1_790_000_000,
      Keys: image({ pk: keys.pk, sk: keys.sk }),
      ...(newItem ? { NewImage: image(newItem) } : {}),
      ...(oldItem ? { OldImage: image(oldItem) } : {}),
      SequenceNumber: '100',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

const at = new Date('2026-11-02T10:00:00.000Z');
const account = newAccount(
  {
    name: 'Acme',
    relationship: 'client',
    audience: 'external',
    lifecycleStage: 'lead',
    tags: ['vip'],
    custom: {},
  },
  at,
);
const item = accountItem(account);

describe('toDomainEvent', () => {
  it('announces nothing of a write a merge stamped (moved or relinked), and the merge end as its own event', () => {
    const moved = { ...item, pk: 'ACCOUNT#survivor', mergeId: 'account-merge:x', version: 2 };
    expect(toDomainEvent(record('INSERT', undefined, moved))).toBeUndefined();
    expect(
      toDomainEvent(record('MODIFY', item, { ...item, mergeId: 'contact-merge:y', version: 2 })),
    ).toBeUndefined();
    // The stub a moved record leaves is no announced type either.
    expect(
      toDomainEvent(record('MODIFY', item, { pk: item.pk, sk: item.sk, type: 'Moved' })),
    ).toBeUndefined();
    // Changed again later (the stamp stays as it was): announced as any change.
    const later = toDomainEvent(record('MODIFY', moved, { ...moved, name: 'Acme AG', version: 3 }));
    expect(later?.detailType).toBe('AccountUpdated');
    expect(later?.detail.data).not.toHaveProperty('mergeId');
    const merge = { pk: 'ACCOUNT#a', sk: 'MERGE', type: 'AccountMerge', id: 'a', accountId: 'b', version: 5 };
    expect(
      toDomainEvent(
        record('MODIFY', { ...merge, state: 'running' }, { ...merge, state: 'running', version: 6 }),
      )?.detailType,
    ).toBe('AccountMergeProgressed');
    expect(
      toDomainEvent(record('MODIFY', { ...merge, state: 'running' }, { ...merge, state: 'done', version: 6 }))
        ?.detailType,
    ).toBe(FINISHED_EVENTS.AccountMerge);
  });

  it('carries the actor: whoever wrote the record last', () => {
    const made = { ...item, createdBy: 'member-1', updatedBy: 'member-1' };
    expect(toDomainEvent(record('INSERT', undefined, made))?.detail.actor).toBe('member-1');
    const touched = {
      ...made,
      lastContactAt: at.toISOString(),
      version: 2,
      updatedBy: 'system:record-last-contact',
    };
    expect(toDomainEvent(record('MODIFY', made, touched))?.detail.actor).toBe('system:record-last-contact');
    expect(
      toDomainEvent(record('INSERT', undefined, { ...item, updatedBy: undefined }))?.detail.actor,
    ).toBeUndefined();
  });

  it('announces an inserted account as AccountCreated, without storage attributes', () => {
    const event = toDomainEvent(record('INSERT', undefined, item));
    expect(event?.detailType).toBe('AccountCreated');
    expect(event?.source).toBe('clientele');
    expect(event?.detail).toMatchObject({
      entity: 'Account',
      id: account.id,
      eventVersion: 1,
      data: account,
    });
    expect(event?.detail.data).not.toHaveProperty('pk');
    expect(event?.detail.data).not.toHaveProperty('gsi2pk');
    expect(event?.detail.previous).toBeUndefined();
    expect(event?.time.toISOString()).toBe(at.toISOString());
  });

  it('derives the same id from the same change, and another from the next version', () => {
    const first = toDomainEvent(record('INSERT', undefined, item));
    const again = toDomainEvent(record('INSERT', undefined, item));
    expect(first?.detail.eventId).toBe(again?.detail.eventId);
    expect(first?.detail.eventId).toBe(eventId('AccountCreated', item.pk, item.sk, 1));
    const updated = { ...item, name: 'Acme Group', version: 2 };
    const modify = toDomainEvent(record('MODIFY', item, updated));
    expect(modify?.detailType).toBe('AccountUpdated');
    expect(modify?.detail.eventId).not.toBe(first?.detail.eventId);
    expect(modify?.detail.previous).toMatchObject({ name: 'Acme', version: 1 });
    expect(modify?.detail.data).toMatchObject({ name: 'Acme Group', version: 2 });
  });

  it('announces a removal with the record as it was', () => {
    const removed = toDomainEvent(record('REMOVE', item, undefined));
    expect(removed?.detailType).toBe('AccountDeleted');
    expect(removed?.detail.data).toBeUndefined();
    expect(removed?.detail.previous).toMatchObject({ id: account.id });
    expect(removed?.time.toISOString()).toBe(new Date(1_790_000_000_000).toISOString());
  });

  it('labels each record type by its own event', () => {
    const interaction = newInteraction(
      account.id,
      { channel: 'call', direction: 'outbound', category: 'service', subject: 'Hi' },
      'u1',
      at,
    );
    const interactionItem = {
      ...interactionKey(account.id, interaction.id),
      type: 'Interaction',
      ...interaction,
    };
    const event = toDomainEvent(record('INSERT', undefined, interactionItem));
    expect(event?.detailType).toBe('InteractionLogged');
    expect(event?.detail.accountId).toBe(account.id);
  });

  it('announces nothing for internal records (e-mail claims, idempotency claims and their expiry)', () => {
    const claim = { ...emailClaimKey('a@b.co'), type: 'EmailClaim', accountId: account.id, contactId: 'x' };
    expect(toDomainEvent(record('INSERT', undefined, claim))).toBeUndefined();
    const idem = { ...idempotencyKey('s', 'k'), type: 'IdempotencyClaim', expiresAt: 1 };
    expect(toDomainEvent(record('INSERT', undefined, idem))).toBeUndefined();
    expect(toDomainEvent(record('REMOVE', idem, undefined))).toBeUndefined();
    expect(toDomainEvent(record('INSERT', undefined, { pk: 'X', sk: 'Y' }))).toBeUndefined();
  });
});

describe('event schemas (version 1)', () => {
  const fixtureDir = join(import.meta.dirname, '..', 'fixtures', 'events');
  const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.json'));

  it('has a fixture for every detail-type the relay can emit', () => {
    const types = new Set([
      ...Object.values(ANNOUNCED).flatMap((entity) => Object.values(entity) as string[]),
      ...Object.values(STATUS_EVENTS).map((status) => status.detailType),
      ...Object.values(FINISHED_EVENTS),
    ]);
    expect(fixtures.map((name) => name.replace(/\.v1\.json$/, '')).sort()).toEqual([...types].sort());
  });

  it.each(fixtures)('%s still parses under its schema', (name) => {
    const fixture = JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as {
      'detail-type': string;
      detail: unknown;
    };
    const schema = DETAIL_SCHEMAS.get(fixture['detail-type']);
    if (schema === undefined) throw new Error(`no schema for ${fixture['detail-type']}`);
    expect(z.safeParse(schema, fixture.detail).error).toBeUndefined();
  });

  it.each(fixtures)(
    '%s loses no field when read through its schema (a dropped or renamed field fails)',
    (name) => {
      const fixture = JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as {
        'detail-type': string;
        detail: unknown;
      };
      const schema = DETAIL_SCHEMAS.get(fixture['detail-type']);
      if (schema === undefined) throw new Error(`no schema for ${fixture['detail-type']}`);
      expect(z.parse(schema, fixture.detail)).toEqual(fixture.detail);
    },
  );
});
