// Model-based tests of a record's state machine through its API, against DynamoDB Local. fast-check generates
// a start state and a run of moves; each answer is checked against the model as it comes (legal → 200, the new
// state and one version more; illegal → 409 naming the allowed moves, nothing written; stale If-Match → 412,
// nothing written), and afterwards the table's stream must hold exactly one status event per legal move, in order.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { CallResult } from './api.ts';
import { type Change, type ItemKey, StreamTail } from './stream.ts';

/** A record as the API returns it. */
export interface ApiRecord {
  readonly id: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/**
 * One state machine, declared for the harness. The API's answers must keep these contracts:
 * - a create answers 201 with the record; a read answers 200 with it; a move answers 200 with it;
 * - an illegal move answers 409 `Conflict` whose message names every allowed move and whose `details` hold
 *   `{ path: <field>, message: 'Allowed from <state>: <a>, <b>.' }` (or `…: none….` from a final state);
 * - with `ifMatch`, a move carrying a stale If-Match answers 412 `PreconditionFailed`, legal or not;
 * - each legal move is one write, whose stream record the relay maps to `eventType` with
 *   `change: { field, from, to }`.
 * Members taking a state are methods, so that a StateMachine<'a' | 'b'> fits in a StateMachine<string>[].
 */
export interface StateMachine<S extends string> {
  /** For test names and failure messages. */
  readonly name: string;
  readonly states: readonly S[];
  /** The model: where a record in `from` may move (written from the product's rules, not the code). */
  allowed(from: S): readonly S[];
  /** The states the API can create a record in; the others are only reached by moves. */
  readonly startStates: readonly S[];
  /** The state field, in the record, the PATCH body and the status event's `change.field`. */
  readonly field: string;
  /** The detail-type of the status event (STATUS_EVENTS in functions/events/events.ts). */
  readonly eventType: string;
  /** Whether a move honours If-Match (then moves are also sent with the current and with stale versions). */
  readonly ifMatch: boolean;
  /** Fields a legal move may set or change besides the state field, `version` and `updatedAt`. */
  readonly stamps?: readonly string[];
  /** Further checks of a legal move's result (e.g. a closing date set on reaching a final state). */
  onMove?(after: ApiRecord, from: S, to: S): void;
  create(start: S): Promise<CallResult>;
  /** PATCH the state field to `to`, with the headers given (If-Match). */
  move(id: string, to: S, headers: Readonly<Record<string, string>>): Promise<CallResult>;
  read(id: string): Promise<CallResult>;
  /** The record's table key, to find its stream records. */
  key(record: ApiRecord): ItemKey;
}

export interface RunOptions {
  /** Generated start-and-moves runs; each creates one record. Default 30. */
  readonly numRuns?: number;
  /** Moves per run, at most. Default 10. */
  readonly maxCommands?: number;
  /** To replay a failure fast-check reported. */
  readonly seed?: number;
  readonly path?: string;
}

interface Model<S extends string> {
  state: S;
  version: number;
  /** The legal moves made, in order: what the stream must announce. */
  readonly moved: { from: S; to: S }[];
}

interface Real<S extends string> {
  readonly machine: StateMachine<S>;
  /** The record as last answered; a refused move must leave it exactly so. */
  record: ApiRecord;
  /** The record as created, then as answered after each legal move: what the stream's images must show. */
  readonly written: ApiRecord[];
}

type MachineCommand<S extends string> = fc.AsyncCommand<Model<S>, Real<S>>;

/**
 * Request a move (with If-Match at the current version, or none) and check the answer against the model. The
 * target is a state, any of them, or the `n`th move the model allows from where the record is then (so runs
 * get past the first refusals; from a final state that is a move to the state it is in, which is refused).
 */
class MoveCommand<S extends string> implements MachineCommand<S> {
  constructor(
    readonly target: { readonly state: S } | { readonly allowed: number },
    readonly withIfMatch: boolean,
  ) {}

  check(): boolean {
    return true; // every move may be asked for; the model says how it must be answered
  }

  async run(model: Model<S>, real: Real<S>): Promise<void> {
    const { machine } = real;
    const from = model.state;
    const allowed = machine.allowed(from);
    const to =
      'state' in this.target ? this.target.state : (allowed[this.target.allowed % allowed.length] ?? from);
    const where = `${machine.name} ${real.record.id} at v${model.version}: ${from} → ${to}`;
    const headers: Record<string, string> = this.withIfMatch ? { 'If-Match': `"${model.version}"` } : {};
    const answer = await machine.move(real.record.id, to, headers);
    if (!allowed.includes(to)) {
      expectRefusal(machine, answer, from, allowed, where);
      expect(await readBack(machine, real.record.id), `${where}: refused, yet written`).toEqual(real.record);
      return;
    }
    expect(answer.status, `${where}: ${answer.text}`).toBe(200);
    const after = answer.json as ApiRecord;
    const version = model.version + 1;
    expect(after, where).toMatchObject({ id: real.record.id, [machine.field]: to, version });
    const moving = new Set([machine.field, 'version', 'updatedAt', ...(machine.stamps ?? [])]);
    expect(without(after, moving), `${where}: other fields changed`).toEqual(without(real.record, moving));
    machine.onMove?.(after, from, to);
    if (answer.headers.etag !== undefined) expect(answer.headers.etag, where).toBe(`"${version}"`);
    // That this is what was stored is checked on the stream, which carries each write's new image.
    model.state = to;
    model.version = version;
    model.moved.push({ from, to });
    real.record = after;
    real.written.push(after);
  }

  toString(): string {
    const target = 'state' in this.target ? this.target.state : `allowed #${this.target.allowed}`;
    return `move(${target}${this.withIfMatch ? ', If-Match current' : ''})`;
  }
}

/** Request a move with an If-Match `back` versions old: 412 whether or not the move is legal, nothing written. */
class StaleIfMatchMoveCommand<S extends string> implements MachineCommand<S> {
  constructor(
    readonly to: S,
    readonly back: number,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: Model<S>, real: Real<S>): Promise<void> {
    const { machine } = real;
    const stale = Math.max(0, model.version - this.back);
    const where = `${machine.name} ${real.record.id} at v${model.version}: ${model.state} → ${this.to}, If-Match "${stale}"`;
    const answer = await machine.move(real.record.id, this.to, { 'If-Match': `"${stale}"` });
    expect(answer.status, `${where}: ${answer.text}`).toBe(412);
    expect(answer.json?.error?.code, where).toBe('PreconditionFailed');
    expect(await readBack(machine, real.record.id), `${where}: refused, yet written`).toEqual(real.record);
  }

  toString(): string {
    return `move(${this.to}, If-Match ${this.back} back)`;
  }
}

function expectRefusal<S extends string>(
  machine: StateMachine<S>,
  answer: CallResult,
  from: S,
  allowed: readonly S[],
  where: string,
): void {
  expect(answer.status, `${where}: ${answer.text}`).toBe(409);
  expect(answer.json?.error?.code, where).toBe('Conflict');
  const message = String(answer.json.error.message);
  for (const move of allowed) expect(message, `${where}: message names ${move}`).toContain(move);
  const detail = (answer.json.error.details as { path: string; message: string }[]).find(
    (entry) => entry.path === machine.field,
  );
  const named = /^Allowed from (\S+): (.*)\.$/.exec(detail?.message ?? '');
  expect(named, `${where}: details ${JSON.stringify(answer.json.error.details)}`).not.toBeNull();
  const moves = named?.[2]?.startsWith('none') ? [] : (named?.[2]?.split(', ') ?? []);
  expect({ from: named?.[1], moves: moves.sort() }, `${where}: details name the allowed moves`).toEqual({
    from,
    moves: [...allowed].sort(),
  });
}

async function readBack<S extends string>(machine: StateMachine<S>, id: string): Promise<ApiRecord> {
  const answer = await machine.read(id);
  expect(answer.status, `${machine.name} ${id}: read back: ${answer.text}`).toBe(200);
  return answer.json as ApiRecord;
}

function without(record: ApiRecord, fields: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => !fields.has(field)));
}

const versionOf = (change: Change) => Number(change.record.dynamodb?.NewImage?.version?.N);

/** What the stream says about one change, in the terms the model predicts. */
const summary = (change: Change) => ({
  eventName: change.record.eventName,
  version: versionOf(change),
  detailType: change.event?.detailType,
  change: change.event?.detail.change,
  data: change.event?.detail.data,
});

/**
 * Check `machine` against its model: fast-check picks a start state and up to `maxCommands` moves (to any
 * state, legal or not, or to one the model allows; with If-Match at the current or a stale version where
 * supported), creates a record, runs the moves through the API, then reads the record's stream records.
 */
export async function assertStateMachine<S extends string>(
  machine: StateMachine<S>,
  options: RunOptions = {},
): Promise<void> {
  const tail = await StreamTail.fromNow();
  const target = fc.constantFrom(...machine.states);
  const withIfMatch = machine.ifMatch ? fc.boolean() : fc.constant(false);
  const commands: fc.Arbitrary<MachineCommand<S>>[] = [
    fc.tuple(target, withIfMatch).map(([state, ifMatch]) => new MoveCommand<S>({ state }, ifMatch)),
    fc
      .tuple(fc.nat({ max: machine.states.length - 1 }), withIfMatch)
      .map(([allowed, ifMatch]) => new MoveCommand<S>({ allowed }, ifMatch)),
  ];
  if (machine.ifMatch) {
    commands.push(
      fc
        .tuple(target, fc.integer({ min: 1, max: 3 }))
        .map(([to, back]) => new StaleIfMatchMoveCommand(to, back)),
    );
  }
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...machine.startStates),
      fc.commands(commands, { maxCommands: options.maxCommands ?? 10 }),
      async (start, moves) => {
        const created = await machine.create(start);
        expect(created.status, `${machine.name}: create in ${start}: ${created.text}`).toBe(201);
        const record = created.json as ApiRecord;
        expect(record[machine.field], `${machine.name}: created`).toBe(start);
        expect(await readBack(machine, record.id), `${machine.name}: stored ≠ created`).toEqual(record);
        const model: Model<S> = { state: start, version: record.version, moved: [] };
        const real: Real<S> = { machine, record, written: [record] };
        await fc.asyncModelRun(() => ({ model, real }), moves);

        // One write per legal move and none otherwise: the created record, then one status event per move,
        // each image being the record as the API answered it.
        const changes = await tail.changes(machine.key(record), {
          until: (seen) => seen.length > 0 && versionOf(seen[seen.length - 1] as Change) >= model.version,
        });
        expect(changes.map(summary), `${machine.name} ${record.id}: stream`).toEqual([
          {
            eventName: 'INSERT',
            version: record.version,
            detailType: expect.any(String),
            change: undefined,
            data: record,
          },
          ...model.moved.map(({ from, to }, index) => ({
            eventName: 'MODIFY',
            version: record.version + index + 1,
            detailType: machine.eventType,
            change: { field: machine.field, from, to },
            data: real.written[index + 1],
          })),
        ]);
      },
    ),
    {
      numRuns: options.numRuns ?? 30,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
    },
  );
}
