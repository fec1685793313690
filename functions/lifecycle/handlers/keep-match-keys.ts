// An account or a contact made, changed or removed → its match keys (the likely-duplicates index) brought in line
// with the record as it is now. A change that touches no matched field costs nothing; a redelivered or late event
// finds the keys right already and writes nothing.
import { eventHandler } from '../../platform/event-handler.ts';
import * as z from '../../platform/zod.ts';
import { keepMatchKeys, putKeysOfNew } from '../match-store.ts';
import { MATCHED_FIELDS } from '../matching.ts';

const Record_ = /* @__PURE__ */ (() =>
  z.looseObject({ id: z.string(), accountId: z.optional(z.string()) }))();
const ChangeDetail = /* @__PURE__ */ (() =>
  z.looseObject({
    eventId: z.string(),
    entity: z.enum(['Account', 'Contact']),
    id: z.string(),
    data: z.optional(Record_),
    previous: z.optional(Record_),
  }))();

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const handler = eventHandler(
  ChangeDetail,
  async ({ entity, id, data, previous }) => {
    if (
      data !== undefined &&
      previous !== undefined &&
      MATCHED_FIELDS[entity].every((field) => same(data[field], previous[field]))
    ) {
      return { entity, id, outcome: 'nothing matched changed' };
    }
    const accountId = entity === 'Account' ? id : (data ?? previous)?.accountId;
    if (accountId === undefined) return { entity, id, outcome: 'no account' };
    // Just made: its keys from the event, in one write, while it is still as announced.
    if (data !== undefined && previous === undefined) {
      const put = await putKeysOfNew(entity, { ...data, accountId });
      if (put !== undefined) return { entity, id, outcome: put };
    }
    return { entity, id, outcome: await keepMatchKeys(entity, id, accountId) };
  },
  { message: 'match keys', level: 'debug' },
);
