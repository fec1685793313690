// What a stretch of work on the local stack asks of DynamoDB, in AWS's units. Reads: the ConsumedCapacity every
// read asks for (DynamoDB Local computes it: 4 KB a read unit, half for an eventually consistent read). Writes:
// computed by AWS's rules from each item as it was and as it is after the write (bench/capacity.ts), since
// DynamoDB Local's figures for transactions do not follow them. Each write is kept, so the same writes can be
// replayed against DynamoDB Local alone — the ceiling the embedded database sets, measured in the same run.
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type ConsumedCapacity,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { TABLE } from '../functions/platform/table.ts';
import { currentHandler } from '../local/runtime.ts';
import { type Item, writeUnits } from './capacity.ts';

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** The low-level operation of a command, whichever client sent it (`PutCommand` and `PutItemCommand`: PutItem). */
function operationOf(commandName: string | undefined): string | undefined {
  const name = (commandName ?? '').replace(/Command$/, '');
  const operation = /^(Put|Get|Update|Delete)$/.test(name)
    ? `${name}Item`
    : /^(BatchWrite|BatchGet)$/.test(name)
      ? `${name}Item`
      : /^(TransactWrite|TransactGet)$/.test(name)
        ? `${name}Items`
        : name;
  return READS.has(operation) || WRITES.has(operation) ? operation : undefined;
}

const unitsOf = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number =>
  consumed === undefined
    ? 0
    : (Array.isArray(consumed) ? consumed : [consumed]).reduce(
        (sum, entry) => sum + (entry.CapacityUnits ?? 0),
        0,
      );

export interface Metered {
  readonly reads: number;
  readonly writes: number;
  readonly readUnits: number;
  /** Table and index write units together. */
  readonly writeUnits: number;
  /** The part of writeUnits spent on the global secondary indexes. */
  readonly indexWriteUnits: number;
  /** Calls by operation. */
  readonly calls: Readonly<Record<string, number>>;
  /** Units by the handler that asked for them (the runtime's invocation context). */
  readonly byHandler: Readonly<Record<string, { readonly readUnits: number; readonly writeUnits: number }>>;
}

interface KeptWrite {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

type Key = Record<string, AttributeValue>;
interface Target {
  readonly key: Key;
  readonly check: boolean;
}

/** The items a write (as sent: its low-level JSON) touches, and which of them it only checks. */
function targetsOf(operation: string, input: Record<string, unknown>): Target[] {
  const keyOf = (item: Record<string, AttributeValue>): Key => ({
    [TABLE.partitionKey]: item[TABLE.partitionKey] as AttributeValue,
    [TABLE.sortKey]: item[TABLE.sortKey] as AttributeValue,
  });
  switch (operation) {
    case 'PutItem':
      return [{ key: keyOf(input.Item as Item), check: false }];
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ key: keyOf(input.Key as Item), check: false }];
    case 'BatchWriteItem':
      return Object.values(
        input.RequestItems as Record<string, Record<string, { Item?: Item; Key?: Item }>[]>,
      )
        .flat()
        .map((request) => ({
          key: keyOf((request.PutRequest?.Item ?? request.DeleteRequest?.Key) as Item),
          check: false,
        }));
    default:
      return (input.TransactItems as Record<string, { Item?: Item; Key?: Item }>[]).map((action) => ({
        key: keyOf(
          (action.Put?.Item ?? (action.Update ?? action.Delete ?? action.ConditionCheck)?.Key) as Item,
        ),
        check: action.ConditionCheck !== undefined,
      }));
  }
}

/**
 * Meter `client` (the handlers' DynamoDB client) between start() and stop(). With `reader`, a client of the
 * same DynamoDB Local that is not metered, each written item is read before and after its write to count its
 * write units (which slows the writes); without it, writes are only counted and kept.
 */
export function meterTable(client: DynamoDBClient, reader?: DynamoDBClient) {
  let on = false;
  let reads = 0;
  let writes = 0;
  let readUnits = 0;
  let writeUnitsTotal = 0;
  let indexWriteUnits = 0;
  const calls: Record<string, number> = {};
  const byHandler: Record<string, { readUnits: number; writeUnits: number }> = {};
  const kept: KeptWrite[] = [];
  const byHandlerOf = () => {
    const handler = currentHandler() ?? '(outside a handler)';
    const by = byHandler[handler] ?? { readUnits: 0, writeUnits: 0 };
    byHandler[handler] = by;
    return by;
  };
  const read = async (table: string, target: Target): Promise<Item | undefined> =>
    (
      await (reader as DynamoDBClient).send(
        new GetItemCommand({ TableName: table, Key: target.key, ConsistentRead: true }),
      )
    ).Item;

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      if (!on || operation === undefined) return next(args);
      calls[operation] = (calls[operation] ?? 0) + 1;
      if (WRITES.has(operation)) {
        writes += 1;
        return next(args);
      }
      (args.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const units = unitsOf((result.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity);
      reads += 1;
      readUnits += units;
      byHandlerOf().readUnits += units;
      return result;
    },
    { step: 'initialize', priority: 'high', name: 'benchMeter' },
  );
  // Each write as sent (its JSON is the low-level command's input): kept, and its items read before and after.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      const { body } = args.request as { body?: unknown };
      const text =
        typeof body === 'string'
          ? body
          : body instanceof Uint8Array
            ? new TextDecoder().decode(body)
            : undefined;
      if (!on || operation === undefined || !WRITES.has(operation) || text === undefined) return next(args);
      const input = JSON.parse(text) as Record<string, unknown>;
      kept.push({ operation, input });
      if (reader === undefined) return next(args);
      const table = (input.TableName as string | undefined) ?? firstTableOf(input) ?? '';
      const transactional = operation === 'TransactWriteItems';
      const targets = targetsOf(operation, input);
      const readAll = () => Promise.all(targets.map((target) => read(table, target)));
      const before = await readAll();
      let refused = false;
      try {
        return await next(args);
      } catch (error) {
        refused = true;
        throw error;
      } finally {
        // A refused write still costs its units; a refused transaction its prepare (one pass), nothing after.
        const after = refused ? before : await readAll();
        let units = 0;
        targets.forEach((target, index) => {
          const used = writeUnits(before[index], after[index], {
            kind: target.check ? 'check' : 'write',
            transactional: transactional && !refused,
            indexes: TABLE.indexes,
          });
          units += used.table + used.indexes;
          indexWriteUnits += used.indexes;
        });
        writeUnitsTotal += units;
        byHandlerOf().writeUnits += units;
      }
    },
    { step: 'build', priority: 'low', name: 'benchMeterWrites' },
  );
  return {
    start() {
      on = true;
    },
    stop(): Metered {
      on = false;
      client.middlewareStack.remove('benchMeter');
      client.middlewareStack.remove('benchMeterWrites');
      return {
        reads,
        writes,
        readUnits,
        writeUnits: writeUnitsTotal,
        indexWriteUnits,
        calls: { ...calls },
        byHandler: { ...byHandler },
      };
    },
    writes: () => kept as readonly KeptWrite[],
  };
}

/** The table a batch or a transaction writes to (the first named). */
function firstTableOf(input: Record<string, unknown>): string | undefined {
  if (input.RequestItems !== undefined) return Object.keys(input.RequestItems as object)[0];
  const first = (input.TransactItems as Record<string, { TableName?: string }>[] | undefined)?.[0];
  return first === undefined ? undefined : Object.values(first)[0]?.TableName;
}

/** `input` aimed at table `to` instead (every table name it holds). */
function retarget(operation: string, input: Record<string, unknown>, to: string): Record<string, unknown> {
  if (operation === 'BatchWriteItem') {
    const items = input.RequestItems as Record<string, unknown>;
    return { ...input, RequestItems: Object.fromEntries(Object.values(items).map((value) => [to, value])) };
  }
  if (operation === 'TransactWriteItems') {
    const items = input.TransactItems as Record<string, Record<string, unknown>>[];
    // Without the run's idempotency token: DynamoDB would take the replay for a retry of the original.
    const { ClientRequestToken: _token, ...rest } = input;
    return {
      ...rest,
      TransactItems: items.map((item) =>
        Object.fromEntries(
          Object.entries(item).map(([kind, action]) => [kind, { ...action, TableName: to }]),
        ),
      ),
    };
  }
  return { ...input, TableName: to };
}

/**
 * Send `writes` to table `table` from `lanes` concurrent clients, each taking the next in the order they were
 * made: the time DynamoDB Local alone takes for them. A write whose condition no longer holds still costs the
 * database its work: it is counted, not retried.
 */
export async function replayWrites(
  client: DynamoDBClient,
  writes: readonly KeptWrite[],
  table: string,
  lanes: number,
): Promise<{ readonly seconds: number; readonly refused: number }> {
  let refused = 0;
  const send = (write: KeptWrite) => {
    const input = retarget(write.operation, write.input, table);
    switch (write.operation) {
      case 'PutItem':
        return client.send(new PutItemCommand(input as unknown as PutItemCommandInput));
      case 'UpdateItem':
        return client.send(new UpdateItemCommand(input as unknown as UpdateItemCommandInput));
      case 'DeleteItem':
        return client.send(new DeleteItemCommand(input as unknown as DeleteItemCommandInput));
      case 'BatchWriteItem':
        return client.send(new BatchWriteItemCommand(input as unknown as BatchWriteItemCommandInput));
      default:
        return client.send(new TransactWriteItemsCommand(input as unknown as TransactWriteItemsCommandInput));
    }
  };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < writes.length) {
        const write = writes[next++] as KeptWrite;
        try {
          await send(write);
        } catch (error) {
          const name = (error as { name?: string }).name;
          if (name !== 'ConditionalCheckFailedException' && name !== 'TransactionCanceledException')
            throw error;
          refused += 1;
        }
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, refused };
}
