// What a stretch of work on the local stack asks of DynamoDB, in AWS's units: every call the handlers make
// asks for its ConsumedCapacity (DynamoDB Local computes it as DynamoDB does: 1 KB a write unit, 4 KB a read
// unit, transactions double), and each write is kept, so the same writes can be replayed against DynamoDB
// Local alone — the ceiling the embedded database sets, measured in the same run.
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type ConsumedCapacity,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { currentHandler } from '../local/runtime.ts';

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
  readonly writeUnits: number;
  /** Calls by operation. */
  readonly calls: Readonly<Record<string, number>>;
  /** Units by the handler that asked for them (the runtime's invocation context). */
  readonly byHandler: Readonly<Record<string, { readonly readUnits: number; readonly writeUnits: number }>>;
}

interface KeptWrite {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** Meter `client` (the handlers' DynamoDB client) between start() and stop(). */
export function meterTable(client: DynamoDBClient) {
  let on = false;
  let reads = 0;
  let writes = 0;
  let readUnits = 0;
  let writeUnits = 0;
  const calls: Record<string, number> = {};
  const byHandler: Record<string, { readUnits: number; writeUnits: number }> = {};
  const kept: KeptWrite[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      if (!on || operation === undefined) return next(args);
      (args.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
      calls[operation] = (calls[operation] ?? 0) + 1;
      const result = await next(args);
      const units = unitsOf((result.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity);
      const handler = currentHandler() ?? '(outside a handler)';
      const by = byHandler[handler] ?? { readUnits: 0, writeUnits: 0 };
      byHandler[handler] = by;
      if (WRITES.has(operation)) {
        writes += 1;
        writeUnits += units;
        by.writeUnits += units;
      } else {
        reads += 1;
        readUnits += units;
        by.readUnits += units;
      }
      return result;
    },
    { step: 'initialize', priority: 'high', name: 'benchMeter' },
  );
  // What DynamoDB is sent, as sent: the serialized request (its JSON is the low-level command's input).
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
      if (on && operation !== undefined && WRITES.has(operation) && text !== undefined)
        kept.push({ operation, input: JSON.parse(text) as Record<string, unknown> });
      return next(args);
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
      return { reads, writes, readUnits, writeUnits, calls: { ...calls }, byHandler: { ...byHandler } };
    },
    writes: () => kept as readonly KeptWrite[],
  };
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
