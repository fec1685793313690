// The local event bus: an EventBridge PutEvents endpoint (AWS JSON 1.1 over HTTP, so the relay's SDK
// client talks to it unchanged), an archive ($DATA_DIR/events.jsonl), rule matching with EventBridge's
// pattern semantics, and delivery to the rule's handler with retries, then $DATA_DIR/dead-letters.jsonl.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RuleDeclaration } from '../functions/platform/declarations.ts';
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
  readonly log: (line: string) => void;
  /** Attempts per delivery, as a rule target's retry policy (EventBridge retries for up to 24 h). */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  /** Called with what still failed after every attempt (the rule target's dead-letter queue). */
  readonly onDeadLetter?: (
    rule: RuleDeclaration,
    event: BusEvent,
    error: unknown,
    attempts: number,
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
  private readonly inFlight = new Set<Promise<void>>();
  private delivered = 0;

  constructor(private readonly options: BusOptions) {
    for (const rule of options.rules) assertValidPattern(rule.pattern);
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

  async close(): Promise<void> {
    await this.drain();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(entry: PutEventsEntry): PutEventsResultEntry {
    const refuse = (ErrorCode: string, ErrorMessage: string) => ({ ErrorCode, ErrorMessage });
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
    for (const rule of this.options.rules) {
      if (!matchesPattern(rule.pattern, event)) continue;
      const delivery = this.deliver(rule, event).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
    return { EventId: event.id };
  }

  private async deliver(rule: RuleDeclaration, event: BusEvent): Promise<void> {
    const attempts = this.options.attempts ?? 4;
    const baseDelayMs = this.options.baseDelayMs ?? 200;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const target = await this.options.target(rule);
        await target(event);
        this.delivered++;
        return;
      } catch (error) {
        lastError = error;
        this.options.log(`rule ${rule.name}: attempt ${attempt}/${attempts} failed: ${describe(error)}`);
        if (attempt < attempts) await sleep(baseDelayMs * 2 ** (attempt - 1));
      }
    }
    appendFileSync(
      this.options.deadLetterFile,
      `${JSON.stringify({
        kind: 'rule-target',
        rule: rule.name,
        handler: rule.handler,
        attempts,
        failedAt: new Date().toISOString(),
        error: describe(lastError),
        event,
      })}\n`,
    );
    this.options.log(`rule ${rule.name}: dead-lettered event ${event.id}`);
    await this.options.onDeadLetter?.(rule, event, lastError, attempts).catch((error: unknown) => {
      this.options.log(`rule ${rule.name}: the dead-letter handler failed too: ${describe(error)}`);
    });
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
