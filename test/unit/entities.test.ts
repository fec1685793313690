// The entities against the table: every named index lives in a declared physical index, and the table's notes
// on what each index holds name every access pattern mapped onto it — so the notes cannot fall out of date.
import { describe, expect, it } from 'vitest';
import { accountListings, accounts, contacts, interactions } from '../../functions/accounts/entity.ts';
import { failures } from '../../functions/events/entity.ts';
import { forms, submissions } from '../../functions/forms/entity.ts';
import {
  accountDeletions,
  accountMerges,
  contactMerges,
  matchKeys,
} from '../../functions/lifecycle/entity.ts';
import { charges, invoices, orders, products } from '../../functions/orders/entity.ts';
import { TABLE } from '../../functions/platform/table.ts';
import { reports } from '../../functions/reporting/entity.ts';
import { deals, lostReasonLists, quotas } from '../../functions/sales/entity.ts';
import { surveyEntries, tickets } from '../../functions/service/entity.ts';
import { members } from '../../functions/team/entity.ts';
import { mails, taskDues, taskLinks, tasks } from '../../functions/work/entity.ts';

const ENTITIES = [
  accounts,
  accountListings,
  contacts,
  interactions,
  forms,
  submissions,
  orders,
  invoices,
  charges,
  products,
  reports,
  deals,
  quotas,
  lostReasonLists,
  tickets,
  surveyEntries,
  members,
  tasks,
  taskDues,
  taskLinks,
  mails,
  failures,
  accountDeletions,
  accountMerges,
  contactMerges,
  matchKeys,
];

const declared = new Map<string, readonly string[]>(TABLE.indexes.map((index) => [index.name, index.serves]));
const namedIndexes = ENTITIES.flatMap((entity) =>
  Object.entries(entity.indexes).map(([name, index]) => ({
    pattern: `${entity.type}.${name}`,
    index: index.index,
  })),
);

describe('entities', () => {
  it('have distinct item types', () => {
    const types = ENTITIES.map((entity) => entity.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(namedIndexes)('$pattern is in $index, and the table says so', ({ pattern, index }) => {
    const serves = declared.get(index);
    expect(serves, `${index} is declared`).toBeDefined();
    expect(serves?.some((line) => line.startsWith(`${pattern}:`))).toBe(true);
  });

  it('leave no line of the notes without its access pattern', () => {
    const patterns = new Set(namedIndexes.map((named) => `${named.index} ${named.pattern}`));
    for (const index of TABLE.indexes) {
      for (const line of index.serves) {
        const pattern = /^([A-Za-z]+\.[A-Za-z]+):/.exec(line)?.[1];
        if (pattern !== undefined) expect(patterns.has(`${index.name} ${pattern}`), line).toBe(true);
      }
    }
  });
});
