// A record created or changed (accounts, contacts, deals, orders, tickets, tasks) → one history entry: when,
// who, each changed field before → after. A redelivery finds its entry and writes nothing more.
import { eventHandler } from '../../platform/event-handler.ts';
import * as z from '../../platform/zod.ts';
import { recordHistory } from '../history.ts';

const Described = /* @__PURE__ */ (() => z.looseObject({ id: z.string() }))();
const ChangeDetail = /* @__PURE__ */ (() =>
  z.looseObject({
    eventId: z.string(),
    entity: z.string(),
    occurredAt: z.string(),
    actor: z.optional(z.string()),
    data: z.optional(Described),
    previous: z.optional(Described),
  }))();

export const handler = eventHandler(
  ChangeDetail,
  async (detail) => ({ entity: detail.entity, id: detail.data?.id, outcome: await recordHistory(detail) }),
  { message: 'history', level: 'debug' },
);
