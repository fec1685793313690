// ContactDeleted, DealDeleted, OrderDeleted, TicketDeleted, TaskDeleted → the record's history entries go too.
// Safe to run again: a redelivery finds nothing left. (No entry is written after: RecordHistory needs the record.)
import { eventHandler } from '../../platform/event-handler.ts';
import * as z from '../../platform/zod.ts';
import { purgeHistory } from '../history.ts';

const RemovedDetail = /* @__PURE__ */ (() =>
  z.looseObject({
    eventId: z.string(),
    entity: z.string(),
    previous: z.looseObject({ id: z.string() }),
  }))();

export const handler = eventHandler(
  RemovedDetail,
  async (detail) => ({
    entity: detail.entity,
    id: detail.previous.id,
    removed: await purgeHistory(detail.entity, detail.previous),
  }),
  { message: 'history purged', level: 'debug' },
);
