// A searchable record made, changed or removed → its search document and entries in line with it, at its version
// (a redelivered or late event changes nothing). An erased contact, a merged-away account or contact → gone for
// good; what an erasure rewrote and what an account merge moved → indexed again as it is now.
import { eventHandler } from '../../platform/event-handler.ts';
import * as z from '../../platform/zod.ts';
import { indexRecord, reindexAccount, removeRecord } from '../search-store.ts';
import type { SearchType } from '../terms.ts';

const Versioned = /* @__PURE__ */ (() =>
  z.looseObject({ id: z.string(), version: z.optional(z.number()) }))();
const ChangeDetail = /* @__PURE__ */ (() =>
  z.looseObject({
    eventId: z.string(),
    entity: z.string(),
    id: z.string(),
    data: z.optional(z.looseObject({})),
    previous: z.optional(Versioned),
  }))();
const Merged = /* @__PURE__ */ (() => z.looseObject({ from: z.string(), into: z.string() }))();
const Erased = /* @__PURE__ */ (() => z.looseObject({ contactId: z.string(), accountId: z.string() }))();

const TYPES: Readonly<Record<string, SearchType>> = {
  Account: 'account',
  Contact: 'contact',
  Deal: 'deal',
  Ticket: 'ticket',
};

export const handler = eventHandler(
  ChangeDetail,
  async (detail, event) => {
    const detailType = event['detail-type'];
    if (detailType === 'ContactErased') {
      // The contact out for good; the records of its account the erasure rewrote (unannounced) indexed anew.
      const { contactId, accountId } = z.parse(Erased, detail.data);
      const removed = await removeRecord('contact', contactId);
      return {
        detailType,
        id: contactId,
        removed: removed.changed,
        rewritten: await reindexAccount(accountId),
      };
    }
    if (detailType === 'ContactMerged') {
      const { from } = z.parse(Merged, detail.data);
      return { detailType, id: from, ...(await removeRecord('contact', from)) };
    }
    if (detailType === 'AccountMerged') {
      const { from, into } = z.parse(Merged, detail.data);
      const removed = await removeRecord('account', from);
      return { detailType, id: from, removed: removed.changed, moved: await reindexAccount(into) };
    }
    const type = TYPES[detail.entity];
    if (type === undefined) return { detailType, outcome: 'not searchable' };
    const outcome =
      detail.data === undefined
        ? await removeRecord(type, detail.id, detail.previous?.version ?? 0)
        : await indexRecord(type, detail.data);
    return { detailType, id: detail.id, ...outcome };
  },
  { message: 'search index', level: 'debug' },
);
