// The catalogue of the domain events: detail-type → the versioned schema its detail follows, for consumers,
// the docs and the tests that hold each to its committed fixture. Handlers import the few they parse from
// event-schemas.ts instead, so none builds this at cold start.
import type { $ZodType } from 'zod/v4/core';
import { Account, Contact, Interaction } from '../accounts/index.ts';
import { Import, ImportChunk } from '../bulk/index.ts';
import { Form, Submission } from '../forms/index.ts';
import { AccountDeletion, AccountMerge, ContactMerge, Erasure } from '../lifecycle/index.ts';
import { Charge, Invoice, Order } from '../orders/index.ts';
import { Deal } from '../sales/index.ts';
import { Survey, Ticket } from '../service/index.ts';
import { Member } from '../team/index.ts';
import { AnnouncedMail, Task, TaskDue } from '../work/index.ts';
import { AnnouncedReport, eventDetailSchema } from './event-schemas.ts';
import { ANNOUNCED, FINISHED_EVENTS, STATUS_EVENTS } from './events.ts';
import { AnnouncedFailure } from './failure.ts';

const RECORD_SCHEMAS = {
  Account,
  Contact,
  Interaction,
  Form,
  Member,
  Submission,
  Task,
  Ticket,
  Mail: AnnouncedMail,
  Report: AnnouncedReport,
  Deal,
  Order,
  Invoice,
  Charge,
  Survey,
  TaskDue,
  Failure: AnnouncedFailure,
  AccountDeletion,
  AccountMerge,
  ContactMerge,
  Erasure,
  Import,
  ImportChunk,
} as const;

const detailOf = (entity: keyof typeof RECORD_SCHEMAS) => eventDetailSchema(RECORD_SCHEMAS[entity]);

/** detail-type → the schema its detail follows (version 1). One schema per record type, shared. */
export const DETAIL_SCHEMAS: ReadonlyMap<string, $ZodType> = new Map(
  (Object.keys(ANNOUNCED) as (keyof typeof ANNOUNCED)[]).flatMap((entity) => {
    const schema = detailOf(entity);
    const status = (STATUS_EVENTS as Partial<Record<string, { detailType: string }>>)[entity];
    const finished = (FINISHED_EVENTS as Partial<Record<string, string>>)[entity];
    return [
      ...Object.values(ANNOUNCED[entity]).map((detailType): [string, $ZodType] => [detailType, schema]),
      ...(status === undefined ? [] : [[status.detailType, schema] as [string, $ZodType]]),
      ...(finished === undefined ? [] : [[finished, schema] as [string, $ZodType]]),
    ];
  }),
);
