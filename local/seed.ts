// npm run seed -- --accounts <n> [--seed <int>] [--months <m>] [--today <date>]: fills the CRM of a running
// `npm start` with a reproducible data set (seed-data.ts), written straight to the table version
// by version with past dates, so its stream announces each change as it happened and the daily aggregates the
// reports read are built from those events — then waits until `npm start` has counted them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchGetCommandOutput, NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../functions/accounts/account.ts';
import { attach, exit, parseTime } from './attach.ts';
import { type LocalConfig, localConfig } from './config.ts';
import { Progress } from './progress.ts';
import type { DataSet } from './seed-data.ts';

const USAGE = `Usage: npm run seed -- --accounts <n> [--seed <int>] [--months <m>] [--today <YYYY-MM-DD>]

Fills the CRM that \`npm start\` runs (same DATA_DIR and DYNAMODB_PORT) with a realistic data set: a sales
and service team, <n> accounts (clients on retainer and customers, internal and external, at every lifecycle
stage) with contacts, deals, tickets, satisfaction surveys, interactions, tasks, orders and their invoices or
internal charges, and their histories over the past <m> months. Each change is its own write, dated when it happened, so the table's stream announces it
as it happened and the reports count it on its day. Then waits until \`npm start\` has counted every event.
The same --seed and --today give the same data with the same ids.

  --accounts <n>   how many accounts, 1–5000
  --seed <int>     the random seed (default 1)
  --months <m>     how far back the history goes, 1–24 (default 3)
  --today <date>   the day the data set is as of: its history ends when that day starts, UTC (default today)
  --no-wait        stop once written, without waiting for the events to be counted
  -h, --help       this text

About 35 writes per account for 3 months of history (more for longer ones). Shows progress on stderr and
prints a summary (counts) as JSON on stdout. A CRM holds one seeded data set: seed an empty DATA_DIR.`;

function commandLine() {
  try {
    return parseArgs({
      options: {
        accounts: { type: 'string' },
        seed: { type: 'string' },
        months: { type: 'string' },
        today: { type: 'string' },
        'no-wait': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return exit(2, `${(error as Error).message}\n\n${USAGE}`);
  }
}

const { values } = commandLine();
if (values.help) exit(0, USAGE);

function integer(
  name: string,
  text: string | undefined,
  fallback: number | undefined,
  min: number,
  max: number,
) {
  if (text === undefined) {
    if (fallback === undefined) return exit(2, `--${name} is required.\n\n${USAGE}`);
    return fallback;
  }
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    return exit(2, `--${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return value;
}

const accounts = integer('accounts', values.accounts, undefined, 1, 5000);
const seed = integer('seed', values.seed, 1, 0, 2 ** 32 - 1);
const months = integer('months', values.months, 3, 1, 24);
const today = values.today ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || parseTime(today) === undefined) {
  exit(2, `--today "${today}" is not a date: write e.g. 2026-11-01.`);
}

function settings(): LocalConfig {
  try {
    return localConfig();
  } catch (error) {
    return exit(2, (error as Error).message);
  }
}
const config = settings();
const target = await attach(config);

// ------------------------------------------------------------------------------------------------- writing

// Imported only now: these modules (or what they import) read the environment attach() set.
const { documentClient } = await import('../functions/platform/clients.ts');
const { actingAs } = await import('../functions/platform/actor.ts');
const { TABLE_NAME } = await import('../functions/platform/table-name.ts');
const { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
const { ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb');
const { memberCreateItems } = await import('../functions/team/member-store.ts');
const { contactCreateItems } = await import('../functions/accounts/contact-store.ts');
const { interactionCreateItems } = await import('../functions/accounts/interaction-store.ts');
const { accountItem } = await import('../functions/accounts/account.ts');
const { accountListingItems } = await import('../functions/accounts/entity.ts');
const { ANNOUNCED, eventId, STATUS_EVENTS } = await import('../functions/events/events.ts');
const { incrementsOf } = await import('../functions/reporting/stats.ts');
const { statsMarkerKey } = await import('../functions/reporting/entity.ts');
const { dealItem } = await import('../functions/sales/deal.ts');
const { quotas: quotaEntity } = await import('../functions/sales/entity.ts');
const { surveyEntryItem, surveyItem, ticketItem } = await import('../functions/service/entity.ts');
const { mailItem, taskItem } = await import('../functions/work/entity.ts');
const { chargeCounterKey, charges, invoiceCounterKey, invoices, orders, products, skuClaimItem } =
  await import('../functions/orders/entity.ts');
const { generateDataSet } = await import('./seed-data.ts');

type Item = Record<string, NativeAttributeValue>;
/** The items a create transaction puts (its existence checks are left out: the seed writes in order). */
const putsOf = (items: readonly { Put?: { Item?: Item } }[]) =>
  items.flatMap((item) => (item.Put?.Item === undefined ? [] : [item.Put.Item]));

interface Write {
  readonly item: Item;
  /** Writes run phase by phase; within one, in any order (no key twice). */
  readonly phase: number;
}

/** The event a version's write announces, and whether the daily aggregates count it. */
interface Expected {
  readonly eventId: string;
  readonly counted: boolean;
}

function plan(data: DataSet) {
  const writes: Write[] = [];
  const expected: Expected[] = [];
  /**
   * A record's versions: v1 in phase 0, v<k> in phase k. An account's change goes first (phase 1), before
   * any deal is won (winning activates an account that is not active yet) and before any interaction (which
   * moves the account's lastContactAt).
   */
  const history = <T extends object>(
    versions: readonly T[],
    toItem: (record: T) => Item,
    account = false,
  ) => {
    versions.forEach((record, index) => {
      const item = toItem(record);
      const phase = index === 0 ? 0 : account ? index : index + 1;
      writes.push({ item, phase });
      const previous = index === 0 ? undefined : toItem(versions[index - 1] as T);
      expected.push(announced(item, previous));
    });
  };
  for (const member of data.members) {
    for (const item of putsOf(memberCreateItems(member))) writes.push({ item, phase: 0 });
  }
  for (const versions of data.accounts) history(versions, accountItem, true);
  // What each account is listed under as it is now (tags, account manager, audience): announced by nothing.
  for (const versions of data.accounts) {
    for (const item of accountListingItems(versions.at(-1) as Account)) writes.push({ item, phase: 0 });
  }
  for (const contact of data.contacts) {
    for (const item of putsOf(contactCreateItems(contact))) writes.push({ item, phase: 0 });
  }
  // Each resolution's survey e-mail exists before the resolution is announced, so the survey automation
  // finds it sent and sends nothing again.
  for (const mail of data.mails) writes.push({ item: mailItem(mail), phase: 0 });
  for (const survey of data.surveys) {
    history(survey.versions, (record) => surveyItem(survey.token, record));
    // Its listed copy, written with each version as the API writes it (copies announce nothing).
    survey.versions.forEach((record, index) => {
      writes.push({ item: surveyEntryItem(record), phase: index === 0 ? 0 : index + 1 });
    });
  }
  for (const versions of data.deals) history(versions, dealItem);
  for (const quota of data.quotas) writes.push({ item: quotaEntity.item(quota), phase: 0 });
  for (const versions of data.tickets) history(versions, ticketItem);
  for (const product of data.products) {
    writes.push({ item: products.item(product), phase: 0 }, { item: skuClaimItem(product), phase: 0 });
  }
  for (const versions of data.orders) history(versions, (order) => orders.item(order));
  // Each fulfilled order's bill exists before its fulfilment is announced, so the automation finds it billed
  // and bills nothing again; the counters hold the numbers taken.
  for (const bill of [...data.invoices.map(invoices.item), ...data.charges.map(charges.item)]) {
    writes.push({ item: bill, phase: 0 });
    expected.push(announced(bill, undefined));
  }
  for (const { kind, year, last } of data.billCounters) {
    const key = kind === 'invoice' ? invoiceCounterKey(year) : chargeCounterKey(year);
    writes.push({ item: { ...key, type: 'Counter', last, updatedAt: data.until }, phase: 0 });
  }
  for (const versions of data.tasks) history(versions, taskItem);
  for (const interaction of data.interactions) {
    for (const item of putsOf(interactionCreateItems(interaction))) {
      writes.push({ item, phase: 2 });
      expected.push(announced(item, undefined));
    }
  }
  return { writes, expected: expected.filter((event) => event.counted) };
}

/** What the relay will make of writing `item` over `previous`, and whether AggregateDailyStats counts it. */
function announced(item: Item, previous: Item | undefined): Expected {
  const type = String(item.type) as keyof typeof ANNOUNCED;
  const status = (STATUS_EVENTS as Partial<Record<string, { field: string; detailType: string }>>)[type];
  const names = ANNOUNCED[type] as Partial<Record<'INSERT' | 'MODIFY', string>>;
  const moved =
    previous !== undefined && status !== undefined && item[status.field] !== previous[status.field];
  const detailType = moved
    ? (status?.detailType ?? '')
    : ((previous === undefined ? names.INSERT : names.MODIFY) ?? '');
  const change =
    moved && status !== undefined
      ? { field: status.field, from: previous?.[status.field], to: item[status.field] }
      : undefined;
  const id = eventId(detailType, String(item.pk), String(item.sk), Number(item.version));
  const counters = incrementsOf({
    detailType,
    eventId: id,
    occurredAt: String(item.updatedAt ?? item.createdAt),
    data: item,
    ...(previous === undefined ? {} : { previous }),
    ...(change === undefined ? {} : { change }),
  });
  const resolution = detailType === 'TicketStatusChanged' && change?.to === 'resolved';
  return { eventId: id, counted: counters.size > 0 || resolution };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

async function batchWrite(items: readonly Item[]) {
  let pending: { PutRequest: { Item: Item } }[] = items.map((item) => ({ PutRequest: { Item: item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
    const answer = await documentClient.send(
      new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: pending } }),
    );
    pending = (answer.UnprocessedItems?.[TABLE_NAME] ?? []) as typeof pending;
  }
}

const SEED_RUN_KEY = { pk: 'SEEDRUN', sk: 'SEEDRUN' } as const;

/** One seeded data set per CRM: writing the same records again would replay their histories. */
async function claim(data: DataSet, now: Date) {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...SEED_RUN_KEY,
          type: 'SeedRun',
          seed: data.options.seed,
          accounts: data.options.accounts,
          months: data.options.months,
          today: data.options.today,
          startedAt: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await documentClient.send(new GetCommand({ TableName: TABLE_NAME, Key: SEED_RUN_KEY }));
    exit(
      1,
      `This CRM already holds a seeded data set (seed ${Item?.seed}, ${Item?.accounts} accounts, as of ${Item?.today}, written ${Item?.startedAt}). Seed an empty DATA_DIR instead: writing the records again would replay their histories.`,
    );
  }
}

/** Dead letters of the aggregation rule for these events: they will never be counted. */
function deadLettered(ids: ReadonlySet<string>): number {
  const file = join(config.dataDir, 'dead-letters.jsonl');
  if (!existsSync(file)) return 0;
  let count = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as { rule?: string; event?: { detail?: { eventId?: string } } };
      if (entry.rule === 'AggregateDailyStats' && ids.has(entry.event?.detail?.eventId ?? '')) count++;
    } catch {
      // A line being written right now.
    }
  }
  return count;
}

const STALL_MS = 60_000;

/** Wait until every counted event's marker exists: `npm start` has read it from the stream and counted it. */
async function waitUntilCounted(expected: readonly Expected[], progress: Progress) {
  const missing = new Set(expected.map((event) => event.eventId));
  progress.start('counting', missing.size);
  let progressAt = Date.now();
  while (missing.size > 0) {
    const before = missing.size;
    const ids = [...missing];
    const idOf = new Map<string, string>(ids.map((id) => [statsMarkerKey(id).pk, id]));
    for (let index = 0; index < ids.length; index += 100) {
      let keys: Item[] | undefined = ids.slice(index, index + 100).map((id) => statsMarkerKey(id));
      while (keys !== undefined && keys.length > 0) {
        const answer: BatchGetCommandOutput = await documentClient.send(
          new BatchGetCommand({
            RequestItems: { [TABLE_NAME]: { Keys: keys, ProjectionExpression: 'pk', ConsistentRead: true } },
          }),
        );
        for (const found of answer.Responses?.[TABLE_NAME] ?? []) {
          const id = idOf.get(String(found.pk));
          if (id !== undefined) missing.delete(id);
        }
        keys = answer.UnprocessedKeys?.[TABLE_NAME]?.Keys;
      }
    }
    progress.set(expected.length - missing.size);
    if (missing.size === 0) break;
    if (missing.size < before) progressAt = Date.now();
    const lost = deadLettered(missing);
    if (lost > 0 || Date.now() - progressAt > STALL_MS) {
      process.stderr.write('\n');
      exit(
        1,
        lost > 0
          ? `${lost} of the data set's events could not be counted (AggregateDailyStats gave up on them): see ${join(config.dataDir, 'dead-letters.jsonl')}. The reports will be short of them.`
          : `${missing.size} of ${expected.length} events were still not counted after ${STALL_MS / 1000} s without progress: is \`npm start\` running on this DATA_DIR (its stream poller relays the changes)? Its dead letters: ${join(config.dataDir, 'dead-letters.jsonl')}.`,
      );
    }
    await sleep(250);
  }
  progress.finish();
}

function publicUrl(): string | undefined {
  try {
    const info = JSON.parse(readFileSync(join(config.dataDir, 'runtime.json'), 'utf8')) as { url?: unknown };
    return typeof info.url === 'string' ? info.url : undefined;
  } catch {
    return undefined;
  }
}

function summary(data: DataSet) {
  const last = <T>(versions: readonly T[]) => versions.at(-1) as T;
  const tally = (values: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  const accountsNow = data.accounts.map(last);
  const dealsNow = data.deals.map(last);
  const ticketsNow = data.tickets.map(last);
  return {
    seed: data.options.seed,
    today: data.options.today,
    months: data.options.months,
    from: data.from.slice(0, 10),
    members: { total: data.members.length, ...tally(data.members.flatMap((member) => member.roles)) },
    accounts: {
      total: accountsNow.length,
      relationship: tally(accountsNow.map((account) => account.relationship)),
      audience: tally(accountsNow.map((account) => account.audience)),
      lifecycleStage: tally(accountsNow.map((account) => account.lifecycleStage)),
      stageChanges: data.accounts.filter((versions) => versions.length > 1).length,
    },
    contacts: data.contacts.length,
    deals: {
      total: dealsNow.length,
      stage: tally(dealsNow.map((deal) => deal.stage)),
      currency: tally(dealsNow.map((deal) => deal.currency)),
      lostReason: tally(dealsNow.flatMap((deal) => (deal.lostReason === undefined ? [] : [deal.lostReason]))),
    },
    quotas: data.quotas.length,
    products: data.products.length,
    orders: data.orders.length,
    invoices: data.invoices.length,
    charges: data.charges.length,
    tickets: {
      total: ticketsNow.length,
      status: tally(ticketsNow.map((ticket) => ticket.status)),
      resolutions: ticketsNow.reduce((sum, ticket) => sum + (ticket.resolutions ?? 0), 0),
      reopened: ticketsNow.filter((ticket) => ticket.reopenedAt !== undefined).length,
    },
    surveys: {
      sent: data.surveys.length,
      answered: data.surveys.filter((survey) => survey.versions.length > 1).length,
    },
    interactions: {
      total: data.interactions.length,
      category: tally(data.interactions.map((interaction) => interaction.category)),
      onTickets: data.interactions.filter((interaction) => interaction.ticketId !== undefined).length,
    },
    tasks: { total: data.tasks.length, status: tally(data.tasks.map((versions) => last(versions).status)) },
  };
}

try {
  const started = Date.now();
  const data = generateDataSet({
    accounts,
    seed,
    months,
    today,
    publicUrl: publicUrl() ?? 'http://localhost:3000',
  });
  // Every record says it was written by the seed.
  const { writes, expected } = actingAs('system:seed', () => plan(data));
  await claim(data, new Date());
  const progress = new Progress();
  progress.start('writing', writes.length);
  let written = 0;
  const phases = [...new Set(writes.map((write) => write.phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    const items = writes.filter((write) => write.phase === phase).map((write) => write.item);
    const batches: Item[][] = [];
    for (let index = 0; index < items.length; index += 25) batches.push(items.slice(index, index + 25));
    await pool(batches, 4, async (batch) => {
      await batchWrite(batch);
      written += batch.length;
      progress.set(written);
    });
  }
  progress.finish();
  const writtenMs = Date.now() - started;
  if (!values['no-wait']) await waitUntilCounted(expected, progress);
  exit(
    0,
    JSON.stringify({
      ...summary(data),
      table: target.tableName,
      writes: writes.length,
      countedEvents: values['no-wait'] ? null : expected.length,
      ms: { writing: writtenMs, total: Date.now() - started },
    }),
  );
} catch (error) {
  exit(1, `Seeding failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
}
