// A person's data, gathered and exported or erased. What is about a contact is found from the contact itself:
// the records of its account's partition that name it (interactions, tickets, survey copies) or name the person
// (any text with their name, an address or their phone), the tasks linked to it, the surveys' own records and
// mails, the form submissions its form interactions came from, and the history of all of these. An erasure
// writes each of them erased — silently, stamped like a merge's writes, so no event carries the person's data
// again — removes the history and the match keys, frees the addresses, and ends with the contact itself and the
// erasure's own record (ContactErased). Run again after a crash it finds what is left and finishes.
import { accountPartition, type Contact, contactKey, contacts } from '../accounts/index.ts';
import { addressesOf, contactById, releaseEmailClaim } from '../accounts/services.ts';
import { forms, submissionKey } from '../forms/index.ts';
import { currentActor } from '../platform/actor.ts';
import { partitionItems } from '../platform/batches.ts';
import { MERGE_STAMP, recordOf, TYPE_INDEX, typePartition } from '../platform/entity.ts';
import { Conflict } from '../platform/errors.ts';
import { scrubEventLog } from '../platform/event-log.ts';
import { historyRange } from '../platform/history.ts';
import { CLAIMS_INDEX, claimsPartition } from '../platform/keys.ts';
import {
  putNew,
  readItem,
  readItems,
  type TransactItem,
  TransactionRefused,
  transact,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { escalationMailId, surveys, ticketKey } from '../service/index.ts';
import { allMembers } from '../team/services.ts';
import { mailKey, taskDueMailId, taskKey } from '../work/index.ts';
import { erasureKey, erasures, matchRange, toErasure } from './entity.ts';
import { companyNameKey, personNameKey } from './matching.ts';
import { type Erasure, erasedClaim, erasedContact, erasedItem, mentions, personalTerms } from './person.ts';

/** What is held about a person, as stored items. */
interface Gathered {
  readonly contact: Contact;
  readonly account: Record<string, unknown> | undefined;
  readonly terms: readonly string[];
  /** Records about the person, by their item type (the contact aside). */
  readonly records: Record<string, unknown>[];
  readonly history: Record<string, unknown>[];
  readonly matchKeys: Record<string, unknown>[];
  /** The idempotency claims the contact and these records were created with (each holds its record as created). */
  readonly claims: { readonly claim: Record<string, unknown>; readonly person: boolean }[];
}

const SURVEY_LINK = /\/surveys\/([A-Za-z0-9_-]{43})\b/;

/** Every item about the contact, read: its account's partition once, then what that names. */
async function gather(contact: Contact): Promise<Gathered> {
  const terms = personalTerms(contact);
  // Match keys hold names folded (matching.ts): the person's name as a company's or a person's key.
  const foldedNames = [companyNameKey(contact.name), personNameKey(contact.name)].filter(
    (key): key is string => key !== undefined,
  );
  const own = contactKey(contact.accountId, contact.id);
  const records: Record<string, unknown>[] = [];
  const historyEntries: Record<string, unknown>[] = [];
  const matchKeys: Record<string, unknown>[] = [];
  const taskIds: string[] = [];
  let account: Record<string, unknown> | undefined;
  for await (const item of partitionItems({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': accountPartition(contact.accountId) },
    ConsistentRead: true,
  })) {
    const type = String(item.type);
    const sk = String(item.sk);
    if (sk === own.sk || type === 'Contact' || type === 'Moved') continue;
    if (type === 'Account') account = item;
    if (type === 'HistoryEntry') historyEntries.push(item);
    else if (type === 'MatchKey') {
      if (sk.startsWith(matchRange('Contact', contact.id)) || mentions(item, [...terms, ...foldedNames])) {
        matchKeys.push(item);
      }
    } else if (type === 'TaskLink') taskIds.push(String(item.taskId));
    else if (item.contactId === contact.id || mentions(item, terms)) records.push(item);
  }
  const tasks = (await inChunks(taskIds.map((id) => taskKey(id)))).filter(
    (task): task is Record<string, unknown> =>
      task !== undefined &&
      ((task.links as { contactId?: unknown } | undefined)?.contactId === contact.id ||
        mentions(task, terms)),
  );
  // A task's partition: its history, and its due records (which carry its title).
  const dues: Record<string, unknown>[] = [];
  const taskHistory: Record<string, unknown>[] = [];
  for (const task of tasks) {
    for await (const entry of partitionItems({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': task.pk },
      ConsistentRead: true,
    })) {
      if (entry.type === 'HistoryEntry') taskHistory.push(entry);
      else if (entry.type === 'TaskDue') dues.push(entry);
    }
  }
  // The forms its form interactions came from (a form interaction has its submission's id).
  const fromForms = records.filter((item) => item.type === 'Interaction' && item.channel === 'form');
  const formIds: string[] = [];
  for await (const form of partitionItems({
    IndexName: TYPE_INDEX,
    KeyConditionExpression: `${TYPE_INDEX}pk = :type`,
    ExpressionAttributeValues: { ':type': typePartition(forms.indexes.all.type) },
    ProjectionExpression: 'id',
  })) {
    formIds.push(String(form.id));
  }
  const submissionKeys = fromForms.flatMap((interaction) =>
    formIds.map((formId) => submissionKey(formId, String(interaction.id))),
  );
  const submissions = (await inChunks(submissionKeys)).filter((item) => item !== undefined);
  // Mails: each survey's (its id is the survey's), each ticket's, each escalation of a ticket (one per admin, who
  // may have left the admins since: every member), each task's due reminder; a survey's own record through its
  // mail's link.
  const surveyEntries = records.filter((item) => item.type === 'SurveyEntry');
  const tickets = records.filter((item) => item.type === 'Ticket');
  const escalated = tickets.filter((ticket) => typeof ticket.escalatedAt === 'string');
  const memberIds = escalated.length === 0 ? [] : (await allMembers()).map((member) => member.id);
  const mailIds = [
    ...[...surveyEntries, ...tickets].map((item) => String(item.id)),
    ...escalated.flatMap((ticket) => memberIds.map((member) => escalationMailId(String(ticket.id), member))),
    ...dues.map((due) => taskDueMailId(String(due.id), String(due.dueAt))),
  ];
  const mails = (await inChunks(mailIds.map((id) => mailKey(id)))).filter(
    (mail): mail is Record<string, unknown> => mail !== undefined,
  );
  const tokens = mails.flatMap((mail) => SURVEY_LINK.exec(String(mail.text))?.[1] ?? []);
  const surveyRecords = (await inChunks(tokens.map((token) => surveys.key(token)))).filter(
    (survey): survey is Record<string, unknown> => survey !== undefined,
  );
  // Automations that gave up on an event about the person keep the event (the failures API): those too.
  const failures: Record<string, unknown>[] = [];
  for await (const failure of partitionItems({
    IndexName: TYPE_INDEX,
    KeyConditionExpression: `${TYPE_INDEX}pk = :type`,
    ExpressionAttributeValues: { ':type': typePartition('FAILURE') },
  })) {
    const subject = failure.subject as { accountId?: unknown } | undefined;
    if (subject?.accountId === contact.accountId && mentions(failure, terms)) failures.push(failure);
  }
  // History: the contact's, its tickets' and tasks', and any entry that names the person.
  const ranges = [
    historyRange(own.sk),
    ...tickets.map((ticket) => historyRange(ticketKey(contact.accountId, String(ticket.id)).sk)),
  ];
  const history = historyEntries.filter(
    (entry) => ranges.some((range) => String(entry.sk).startsWith(range)) || mentions(entry, terms),
  );
  history.push(...taskHistory);
  const found = [...records, ...tasks, ...dues, ...submissions, ...surveyRecords, ...failures, ...mails];
  return {
    contact,
    account,
    terms,
    // Mails last: a survey's record is found through its mail, so a retry after a crash still finds it.
    records: found,
    history,
    matchKeys,
    claims: await claimsAbout(contact, terms, found, [
      accountPartition(contact.accountId),
      ...tasks.map((task) => String(task.pk)),
    ]),
  };
}

/**
 * The idempotency claims made beside the records of these partitions (within their 24 hours) that hold the
 * contact, a contact merged into it, one of the records found, or any record naming the person — each with
 * whether it holds the person. A claim is matched to its record by the key it is listed under.
 */
async function claimsAbout(
  contact: Contact,
  terms: readonly string[],
  found: readonly Record<string, unknown>[],
  partitions: readonly string[],
) {
  const listed = new Set(found.map((item) => `${String(item.pk)}\n${String(item.sk)}`));
  const own = contactKey(contact.accountId, contact.id);
  const addresses = new Set(addressesOf(contact).map((address) => address.toLowerCase()));
  const claims = new Map<string, { claim: Record<string, unknown>; person: boolean }>();
  for (const partition of new Set(partitions)) {
    const prefix = claimsPartition(partition);
    for await (const claim of partitionItems({
      IndexName: CLAIMS_INDEX,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': prefix },
    })) {
      const held = (claim.record ?? {}) as { id?: unknown; contactId?: unknown; email?: unknown };
      const sk = String(claim.gsi1sk);
      const person =
        claim.recordType === 'Contact' &&
        (sk === own.sk || (typeof held.email === 'string' && addresses.has(held.email.toLowerCase())));
      if (
        person ||
        listed.has(`${partition}\n${sk}`) ||
        held.contactId === contact.id ||
        mentions(held, terms)
      ) {
        claims.set(String(claim.pk), { claim, person });
      }
    }
  }
  return [...claims.values()];
}

async function inChunks(keys: readonly { pk: string; sk: string }[]) {
  const found: (Record<string, unknown> | undefined)[] = [];
  for (let offset = 0; offset < keys.length; offset += 100) {
    found.push(...(await readItems(keys.slice(offset, offset + 100))));
  }
  return found;
}

const byType = (items: readonly Record<string, unknown>[], ...types: string[]) =>
  items
    .filter((item) => types.includes(String(item.type)))
    .map((item) => recordOf<Record<string, unknown>>(item));

/** GET /contacts/{id}/export: everything held about the person, as one document. */
export async function exportPerson(contactId: string, now: Date) {
  const gathered = await gather(await contactById(contactId));
  const { contact, account, records, history } = gathered;
  return {
    exportedAt: now.toISOString(),
    contact: { ...contact },
    account: { id: contact.accountId, name: String(account?.name ?? '') },
    interactions: byType(records, 'Interaction'),
    tickets: byType(records, 'Ticket'),
    surveys: byType(records, 'SurveyEntry'),
    tasks: byType(records, 'Task'),
    submissions: byType(records, 'Submission'),
    mails: byType(records, 'Mail'),
    // Anything else that names the person: deals, orders, the account itself, surveys as answered, failures…
    other: byType(
      records,
      ...[...new Set(records.map((item) => String(item.type)))].filter(
        (type) => !['Interaction', 'Ticket', 'SurveyEntry', 'Task', 'Submission', 'Mail'].includes(type),
      ),
    ),
    history: history.map((entry) => recordOf<Record<string, unknown>>(entry)),
  };
}

export async function getErasure(contactId: string): Promise<Erasure | undefined> {
  const item = await readItem(erasureKey(contactId));
  return item === undefined ? undefined : toErasure(item);
}

/**
 * POST /contacts/{id}/erase: the person's data removed or made anonymous everywhere it lives in the table (and,
 * locally, in the event log). Asked again, the erasure answers as it was.
 */
export async function erasePerson(contactId: string, now: Date): Promise<Erasure> {
  for (let attempt = 1; ; attempt++) {
    // Done already (asked again, or by a request racing this one): that erasure answers.
    const done = await getErasure(contactId);
    if (done !== undefined) return done;
    const contact = await contactById(contactId);
    if (contact.mergingInto !== undefined || (contact.incomingMerges ?? 0) > 0) {
      throw new Conflict(`Contact ${contactId} is being merged; erase it once the merge is done.`);
    }
    try {
      return await eraseOnce(contact, now);
    } catch (error) {
      // A record changed while it was being erased: gather again and go on (what is erased stays erased).
      if (!(error instanceof TransactionRefused) || attempt >= 5) throw error;
    }
  }
}

async function eraseOnce(contact: Contact, now: Date): Promise<Erasure> {
  const at = now.toISOString();
  const stamp = `erasure:${contact.id}`;
  const { terms, records, history, matchKeys, claims } = await gather(contact);
  const counts: Record<string, number> = {};
  const writes: TransactItem[] = [];
  for (const item of records) {
    const erased = erasedItem(item, terms);
    if (JSON.stringify(erased) === JSON.stringify(item)) continue;
    counts[String(item.type)] = (counts[String(item.type)] ?? 0) + 1;
    writes.push({
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...erased,
          ...(typeof item.version === 'number' ? { version: item.version + 1 } : {}),
          [MERGE_STAMP]: stamp,
        },
        ...(typeof item.version === 'number'
          ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': item.version } }
          : { ConditionExpression: 'attribute_exists(pk)' }),
      },
    });
  }
  // The claims hold the records as created: erased as their records are, with no fingerprint of the request —
  // first, so an erasure cut short and run again still finds them through the records it has not erased yet.
  const claimWrites: TransactItem[] = [];
  for (const { claim, person } of claims) {
    const erased = erasedClaim(claim, terms, at, person);
    if (JSON.stringify(erased) === JSON.stringify(claim)) continue;
    counts.IdempotencyClaim = (counts.IdempotencyClaim ?? 0) + 1;
    claimWrites.push({
      Put: { TableName: TABLE_NAME, Item: erased, ConditionExpression: 'attribute_exists(pk)' },
    });
  }
  writes.unshift(...claimWrites);
  for (const entry of [...history, ...matchKeys]) {
    writes.push({ Delete: { TableName: TABLE_NAME, Key: { pk: entry.pk, sk: entry.sk } } });
  }
  for (const address of addressesOf(contact)) writes.push(releaseEmailClaim(address, contact.id));
  // Locally the event log holds the events these records announced before: erased there too.
  scrubEventLog(terms);
  for (let offset = 0; offset < writes.length; offset += 50)
    await transact(writes.slice(offset, offset + 50));
  const erasure: Erasure = {
    id: contact.id,
    contactId: contact.id,
    accountId: contact.accountId,
    erasedAt: at,
    erasedBy: currentActor(),
    records: counts,
    historyRemoved: history.length,
    version: 1,
  };
  // Last, the contact itself with the erasure's record: until then a retry finds the person and goes on.
  await transact([
    {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...contacts.item({
            ...erasedContact(contact, at),
            updatedAt: at,
            version: contact.version + 1,
          } as Contact),
          [MERGE_STAMP]: stamp,
        },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': contact.version },
      },
    },
    putNew(erasures.item(erasure)),
  ]);
  return toErasure(erasures.item(erasure));
}
