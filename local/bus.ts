// The local event bus: an EventBridge PutEvents endpoint (AWS JSON 1.1 over HTTP, so the relay's SDK
// client talks to it unchanged), an archive ($DATA_DIR/events.jsonl), rule matching with EventBridge's
// pattern semantics, and delivery to the rule's handler with retries, then $DATA_DIR/dead-letters.jsonl.
// Every delivery is in the journal ($DATA_DIR/deliveries/) before PutEvents answers, with its retry state
// kept there as it goes: a process killed at any point resumes them on its next start (resume()).
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scrubbed } from '../functions/lifecycle/person.ts';
import type { RuleDeclaration } from '../functions/platform/declarations.ts';
import { DeliveryJournal, type TargetState } from './delivery-journal.ts';
import { assertValidPattern, matchesPattern } from './event-pattern.ts';

export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

export type Target = (event: BusEvent) => Promise<unknown>;

export interface BusOptions {
  readonly name: string;
  readonly region: string;
  readonly rules: readonly RuleDeclaration[];
  /** Resolve a rule's handler (functions/<handler>.ts) to a callable target. */
  readonly target: (rule: RuleDeclaration) => Promise<Target>;
  readonly archiveFile: string;
  readonly deadLetterFile: string;
  /** Where pending deliveries are kept until their target has them (see delivery-journal.ts). */
  readonly journalDir: string;
  readonly log: (line: string) => void;
  /** Attempts per delivery, as a rule target's retry policy (EventBridge retries for up to 24 h). */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  /**
   * Attempts of one rule's target running at once (default 4), as a function's reserved concurrency caps
   * it: a burst of events (an import's thousands of creations) queues here, journalled, instead of running
   * all at once and starving every other caller of the machine's DynamoDB Local.
   */
  readonly concurrency?: number;
  /**
   * Called with what still failed after every attempt (the rule target's dead-letter queue); retried with
   * the same backoff until it succeeds, so a dead letter is recorded even if the table was down.
   */
  readonly onDeadLetter?: (
    rule: RuleDeclaration,
    event: BusEvent,
    error: unknown,
    attempts: number,
    /** The delivery's own id: the event's, or a redelivery's. */
    delivery: string,
  ) => Promise<void>;
  /** Test hook: refuse an entry as PutEvents would under throttling (InternalFailure). */
  readonly refuseEntry?: (entry: PutEventsEntry) => boolean;
}

export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Time?: number | string;
  readonly Resources?: string[];
}

interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

const MAX_ENTRY_BYTES = 256 * 1024;

export class LocalBus {
  private server: Server | undefined;
  private readonly journal: DeliveryJournal<BusEvent>;
  private readonly rulesByName: ReadonlyMap<string, RuleDeclaration>;
  /** Deliveries running (an attempt or a wait for the next one), each settled or left in the journal. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Attempts running right now: what a shutdown waits for. */
  private readonly attempting = new Set<Promise<unknown>>();
  /** Wakes every delivery waiting for its next attempt (on stop). */
  private readonly sleepers = new Set<() => void>();
  /** Per rule: attempts running, and the deliveries waiting for one of them to end (first come, first run). */
  private readonly slots = new Map<string, { running: number; waiting: (() => void)[] }>();
  private stopping = false;
  private delivered = 0;

  constructor(private readonly options: BusOptions) {
    for (const rule of options.rules) assertValidPattern(rule.pattern);
    this.rulesByName = new Map(options.rules.map((rule) => [rule.name, rule]));
    this.journal = new DeliveryJournal(options.journalDir);
  }

  /** Start the PutEvents endpoint on 127.0.0.1 (a free port unless given); returns its URL. */
  async listen(port = 0): Promise<string> {
    const server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        this.options.log(`bus: request failed: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /**
   * Take up the deliveries an earlier process left in the journal, each where it stopped (its failures so
   * far, its next attempt's time). Returns how many were resumed.
   */
  resume(): number {
    let resumed = 0;
    const pending = this.journal.load((file, problem) =>
      this.options.log(`bus: ${file} is not a delivery record (${problem}); moved aside, not delivered`),
    );
    for (const { key, event, targets } of pending) {
      for (const [name, state] of Object.entries(targets)) {
        const rule = this.rulesByName.get(name);
        if (rule === undefined) {
          this.deadLetter(name, undefined, event, `the rule ${name} is no longer declared`, state.failures);
          this.journal.settle(key, name);
          continue;
        }
        this.start(key, rule, event, state);
        resumed++;
      }
    }
    if (resumed > 0)
      this.options.log(`bus: resumed ${resumed} pending deliver${resumed === 1 ? 'y' : 'ies'}`);
    return resumed;
  }

  /** Accept entries as PutEvents does: each validated on its own, failures reported per entry. */
  putEvents(entries: readonly PutEventsEntry[]): {
    FailedEntryCount: number;
    Entries: PutEventsResultEntry[];
  } {
    const results = entries.map((entry) => this.accept(entry));
    return {
      FailedEntryCount: results.filter((result) => result.ErrorCode !== undefined).length,
      Entries: results,
    };
  }

  /** Resolves when every delivery started so far has finished (delivered or dead-lettered). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get deliveredCount(): number {
    return this.delivered;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Deliveries in the journal: started and not yet delivered or dead-lettered. */
  get pendingCount(): number {
    return this.journal.size;
  }

  /**
   * Stop: refuse new events, start no further attempt, and wait up to `graceMs` for the attempts running
   * now. Whatever is unfinished stays in the journal, with its retry state, for the next start.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const wake of this.sleepers) wake();
    for (const slot of this.slots.values()) for (const wake of slot.waiting.splice(0)) wake();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      Promise.allSettled([...this.attempting]).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!waited) {
      this.options.log(
        `bus: ${this.attempting.size} attempt(s) still running after ${graceMs} ms; kept for the next start`,
      );
    }
    if (this.journal.size > 0)
      this.options.log(`bus: ${this.journal.size} pending deliveries kept for the next start`);
  }

  private accept(entry: PutEventsEntry): PutEventsResultEntry {
    const refuse = (ErrorCode: string, ErrorMessage: string) => ({ ErrorCode, ErrorMessage });
    if (this.stopping) return refuse('InternalFailure', 'The bus is stopping.');
    if (this.options.refuseEntry?.(entry)) return refuse('InternalFailure', 'Refused by a test fault.');
    if (entry.EventBusName !== undefined && entry.EventBusName !== this.options.name) {
      return refuse('InvalidArgument', `Event bus ${entry.EventBusName} does not exist.`);
    }
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return refuse('InvalidArgument', 'Parameters Source, DetailType and Detail are required.');
    }
    if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES) {
      return refuse('InvalidArgument', 'Total size of the entries in the request is over the limit.');
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return refuse('MalformedDetail', 'Detail is malformed.');
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return refuse('MalformedDetail', 'Detail is malformed.');
    }
    const time =
      entry.Time === undefined
        ? new Date()
        : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.options.region,
      resources: entry.Resources ?? [],
      detail: detail as Record<string, unknown>,
    };
    appendFileSync(this.options.archiveFile, `${JSON.stringify(event)}\n`);
    const subject =
      typeof event.detail.id === 'string' ? ` ${String(event.detail.entity ?? '')} ${event.detail.id}` : '';
    this.options.log(`event ${event['detail-type']}${subject} (${String(event.detail.eventId ?? event.id)})`);
    const matched = this.options.rules.filter((rule) => matchesPattern(rule.pattern, event));
    // On disk before the answer: the relay's stream checkpoint moves only after PutEvents answers. An entry
    // that cannot be journalled is refused on its own, as PutEvents reports a failed entry.
    try {
      this.journal.add(
        event.id,
        event,
        matched.map((rule) => rule.name),
      );
    } catch (error) {
      this.options.log(`bus: could not journal event ${event.id}: ${describe(error)}`);
      return refuse('InternalFailure', 'The event could not be stored.');
    }
    for (const rule of matched) this.start(event.id, rule, event, { failures: 0 });
    return { EventId: event.id };
  }

  /**
   * Lambda's asynchronous Invoke, for one rule's target: the event is delivered to that rule alone, through
   * the journal, with the rule's retries and dead letter (what a retried failure goes through).
   */
  invoke(ruleName: string, event: BusEvent): { key: string } | undefined {
    const rule = this.rulesByName.get(ruleName);
    if (rule === undefined) return undefined;
    const key = `${event.id}.redelivery-${randomUUID()}`;
    this.journal.add(key, event, [rule.name]);
    this.options.log(`invoke ${rule.name} with event ${event.id} (${key})`);
    this.start(key, rule, event, { failures: 0 });
    return { key };
  }

  private start(key: string, rule: RuleDeclaration, event: BusEvent, state: TargetState): void {
    const delivery = this.deliver(key, rule, event, state)
      .catch((error: unknown) => {
        // Only the journal's own disk writes can fail here; the delivery stays pending for the next start.
        this.options.log(`rule ${rule.name}: delivery of ${event.id} stopped: ${describe(error)}`);
      })
      .finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  private async deliver(
    key: string,
    rule: RuleDeclaration,
    event: BusEvent,
    from: TargetState,
  ): Promise<void> {
    const attempts = this.options.attempts ?? 4;
    const baseDelayMs = this.options.baseDelayMs ?? 200;
    let state = from;
    while (!state.exhausted) {
      if (!(await this.waitUntil(state.nextAttemptAt))) return;
      if (!(await this.slot(rule.name))) return;
      const error = await this.attempt(async () => {
        const target = await this.options.target(rule);
        await target(event);
      });
      this.release(rule.name);
      if (error === undefined) {
        this.delivered++;
        this.journal.settle(key, rule.name);
        return;
      }
      // A failure while stopping (DynamoDB Local may be going too) is not held against the target.
      if (this.stopping) return;
      const failures = state.failures + 1;
      this.options.log(`rule ${rule.name}: attempt ${failures}/${attempts} failed: ${describe(error)}`);
      state = {
        failures,
        error: {
          name: error instanceof Error ? error.name : 'Error',
          message: error instanceof Error ? error.message : String(error),
        },
        ...(failures < attempts
          ? { nextAttemptAt: new Date(Date.now() + baseDelayMs * 2 ** (failures - 1)).toISOString() }
          : { exhausted: true }),
      };
      this.journal.update(key, rule.name, state);
    }
    // Every attempt failed: the dead letter is recorded (retried until it is), then the delivery is over.
    const failure = Object.assign(new Error(state.error?.message ?? 'the target failed'), {
      name: state.error?.name ?? 'Error',
    });
    if (!from.exhausted) this.deadLetter(rule.name, rule.handler, event, describe(failure), state.failures);
    for (let round = 0; this.options.onDeadLetter !== undefined; round++) {
      const handler = this.options.onDeadLetter;
      const error = await this.attempt(() => handler(rule, event, failure, state.failures, key));
      if (error === undefined) break;
      this.options.log(`rule ${rule.name}: recording the dead letter failed: ${describe(error)}`);
      if (this.stopping) return;
      const wait = new Date(Date.now() + baseDelayMs * 2 ** Math.min(round, 8)).toISOString();
      if (!(await this.waitUntil(wait))) return;
    }
    this.journal.settle(key, rule.name);
  }

  /** Run one attempt, tracked so a shutdown can wait for it; resolves with its error, if any. */
  private attempt(run: () => Promise<void>): Promise<unknown> {
    const running = run().then(
      () => undefined,
      (error: unknown) => error ?? new Error('rejected without a reason'),
    );
    this.attempting.add(running);
    return running.finally(() => this.attempting.delete(running));
  }

  /** One of the rule's attempts, once one is free; false when the bus stops first. */
  private async slot(rule: string): Promise<boolean> {
    const slot = this.slots.get(rule) ?? { running: 0, waiting: [] };
    this.slots.set(rule, slot);
    while (!this.stopping && slot.running >= (this.options.concurrency ?? 4))
      await new Promise<void>((resolve) => slot.waiting.push(resolve));
    if (this.stopping) return false;
    slot.running += 1;
    return true;
  }

  private release(rule: string): void {
    const slot = this.slots.get(rule);
    if (slot === undefined) return;
    slot.running -= 1;
    slot.waiting.shift()?.();
  }

  /** Sleep until `time` (ISO 8601); false when the bus stops first. */
  private async waitUntil(time: string | undefined): Promise<boolean> {
    if (this.stopping) return false;
    const delay = time === undefined ? 0 : Date.parse(time) - Date.now();
    if (delay > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, delay);
        this.sleepers.add(wake);
      });
    }
    return !this.stopping;
  }

  /**
   * Replace every text naming a person (any of `terms`) in the event log and the dead letters, line by line;
   * synchronous, so no event appended meanwhile is lost. The lines changed.
   */
  scrub(terms: readonly string[]): number {
    let changed = 0;
    for (const file of [this.options.archiveFile, this.options.deadLetterFile]) {
      if (!existsSync(file)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      const next = lines.map((line) => {
        if (line === '') return line;
        const lower = line.toLowerCase();
        if (!terms.some((term) => lower.includes(term))) return line;
        changed += 1;
        return JSON.stringify(scrubbed(JSON.parse(line), terms));
      });
      if (changed === 0) continue;
      writeFileSync(`${file}.scrub`, next.join('\n'));
      renameSync(`${file}.scrub`, file);
    }
    return changed;
  }

  private deadLetter(
    rule: string,
    handler: string | undefined,
    event: BusEvent,
    error: string,
    attempts: number,
  ): void {
    appendFileSync(
      this.options.deadLetterFile,
      `${JSON.stringify({
        kind: 'rule-target',
        rule,
        ...(handler === undefined ? {} : { handler }),
        attempts,
        failedAt: new Date().toISOString(),
        error,
        event,
      })}\n`,
    );
    this.options.log(`rule ${rule}: dead-lettered event ${event.id}`);
  }

  /** Invoke (InvocationType Event only): 202 once the delivery is in the journal, as Lambda queues it. */
  private serveInvoke(name: string, body: Buffer, request: IncomingMessage, response: ServerResponse): void {
    const reply = (status: number, payload?: unknown, type?: string) => {
      response.writeHead(status, {
        'Content-Type': 'application/json',
        ...(type === undefined ? {} : { 'X-Amzn-ErrorType': type }),
      });
      response.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (request.headers['x-amz-invocation-type'] !== 'Event') {
      reply(
        400,
        { message: 'Only asynchronous invocations (InvocationType Event) are served locally.' },
        'InvalidParameterValueException',
      );
      return;
    }
    if (this.stopping) {
      reply(503, { message: 'The bus is stopping.' }, 'ServiceException');
      return;
    }
    let event: BusEvent;
    try {
      event = JSON.parse(body.toString('utf8')) as BusEvent;
    } catch {
      reply(400, { message: 'The payload is not JSON.' }, 'InvalidRequestContentException');
      return;
    }
    if (typeof event !== 'object' || event === null || typeof event.id !== 'string') {
      reply(400, { message: 'The payload is not an event.' }, 'InvalidRequestContentException');
      return;
    }
    if (this.invoke(name, event) === undefined) {
      reply(404, { message: `Function not found: ${name}` }, 'ResourceNotFoundException');
      return;
    }
    reply(202);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const invoked = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url ?? '');
    if (request.method === 'POST' && invoked !== null) {
      this.serveInvoke(decodeURIComponent(invoked[1] ?? ''), Buffer.concat(chunks), request, response);
      return;
    }
    const target = request.headers['x-amz-target'];
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    };
    if (target !== 'AWSEvents.PutEvents') {
      reply(400, {
        __type: 'UnknownOperationException',
        message: `Operation ${String(target)} is not supported.`,
      });
      return;
    }
    let body: { Entries?: PutEventsEntry[] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] };
    } catch {
      reply(400, { __type: 'SerializationException', message: 'Malformed request.' });
      return;
    }
    const entries = body.Entries ?? [];
    if (entries.length < 1 || entries.length > 10) {
      reply(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 entries.' });
      return;
    }
    reply(200, this.putEvents(entries));
  }
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
