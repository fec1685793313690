// The search area's rule (assembled with the other areas' in app/rules.ts): the index kept from the stream, by the same event path as the aggregates.
import { ANNOUNCED, STATUS_EVENTS } from '../events/index.ts';
import { EVENT_SOURCE, type RuleDeclaration } from '../platform/declarations.ts';

/** What changes a searchable record: every event its changes announce (status moves are their own), an erasure, a merge's end. */
export const SEARCHED_EVENTS = /* @__PURE__ */ (() => {
  const searched = ['Account', 'Contact', 'Deal', 'Ticket'] as const;
  const status: Partial<Record<string, { readonly detailType: string }>> = STATUS_EVENTS;
  return [
    ...searched.flatMap((entity) => [
      ...Object.values(ANNOUNCED[entity]),
      ...(status[entity] === undefined ? [] : [status[entity].detailType]),
    ]),
    'ContactErased',
    'ContactMerged',
    'AccountMerged',
  ];
})();

export const RULES = [
  {
    name: 'KeepSearchIndex',
    description:
      'An account, contact, deal or ticket made, changed or removed (a contact erased, a merge done) → its search entries in line with it, at its version.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': SEARCHED_EVENTS,
    },
    handler: 'search/handlers/keep-search-index',
  },
] as const satisfies readonly RuleDeclaration[];
