// The local runtime's EventBridge Scheduler: runs each declared schedule's handler when its expression
// (cron-expression.ts) fires next, with Lambda's asynchronous retries and $DATA_DIR/dead-letters.jsonl for a
// run that keeps failing.
import { appendFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { functionName, type ScheduleDeclaration } from '../functions/platform/declarations.ts';
import { nextFireTime, type ParsedSchedule, parseScheduleExpression } from './cron-expression.ts';
import { lambdaContext } from './proxy-event.ts';

/** What Scheduler sends a scheduled handler (the stack's ScheduleTargetInput): the schedule and its time. */
export interface ScheduledEvent {
  readonly schedule: string;
  /** ISO 8601 UTC, whole seconds, as `<aws.scheduler.scheduled-time>` renders it: `2026-03-01T06:00:00Z`. */
  readonly time: string;
}

export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

/** The scheduled functions' timeout in the stack (lib/events.ts). */
export const SCHEDULED_TIMEOUT_MS = 5 * 60_000;

/** A time as Scheduler's `<aws.scheduler.scheduled-time>` writes it: UTC, whole seconds. */
export function scheduledTime(time: Date): string {
  return new Date(Math.floor(time.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** Invoke a scheduled handler the way Scheduler's LambdaInvoke target does (payload of lib/events.ts). */
export function invokeScheduled(
  handler: ScheduledHandler,
  schedule: ScheduleDeclaration,
  time: Date,
): Promise<unknown> {
  return handler(
    { schedule: schedule.name, time: scheduledTime(time) },
    lambdaContext(functionName(schedule.handler), SCHEDULED_TIMEOUT_MS),
  );
}

export interface CronOptions {
  readonly schedules: readonly ScheduleDeclaration[];
  /** Run a schedule's handler for the given time; resolves with its summary. */
  readonly run: (schedule: ScheduleDeclaration, time: Date) => Promise<unknown>;
  readonly log: (line: string) => void;
  /** Where a run that failed every attempt is parked (the runtime's dead-letters.jsonl). */
  readonly deadLetterFile: string;
  /** Attempts per scheduled run: Lambda's asynchronous invocation tries once and retries twice. */
  readonly attempts?: number;
  /** Wait before the first retry, doubled for each further one (Lambda waits about 1, then 2 minutes). */
  readonly retryDelayMs?: number;
}

interface Entry {
  readonly declaration: ScheduleDeclaration;
  readonly schedule: ParsedSchedule;
  timer?: NodeJS.Timeout;
  next?: Date;
  /** The run in progress (never rejects); a schedule never runs twice at once. */
  running?: Promise<void>;
}

/** setTimeout's longest delay (about 24.8 days); a later fire time is reached in several waits. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const MINUTE_MS = 60_000;

export class LocalCron {
  private readonly entries = new Map<string, Entry>();
  private anchor: Date | undefined;
  private stopped = false;
  private readonly wakers = new Set<() => void>();

  /** Parses every expression up front: an invalid one fails here, naming the schedule and the field. */
  constructor(private readonly options: CronOptions) {
    for (const declaration of options.schedules) {
      if (this.entries.has(declaration.name))
        throw new Error(`Schedule ${declaration.name} is declared twice`);
      let schedule: ParsedSchedule;
      try {
        schedule = parseScheduleExpression(declaration.expression);
      } catch (error) {
        throw new Error(`Schedule ${declaration.name}: ${(error as Error).message}`, { cause: error });
      }
      this.entries.set(declaration.name, { declaration, schedule });
    }
  }

  /** Arm every schedule; rates are anchored at this moment (to the minute). */
  start(): void {
    if (this.anchor !== undefined || this.stopped) return;
    this.anchor = new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
    for (const entry of this.entries.values()) {
      this.arm(entry, new Date());
      const next = entry.next === undefined ? 'never again' : `next ${scheduledTime(entry.next)}`;
      this.options.log(`schedule ${entry.declaration.name} (${entry.declaration.expression}): ${next}`);
    }
  }

  /** When a started schedule fires next (undefined if never, or not started). */
  nextRun(name: string): Date | undefined {
    return this.entries.get(name)?.next;
  }

  /**
   * Run one schedule now, for `time`, once (no retries): after a run of the same schedule in progress.
   * Resolves with the handler's summary; rejects with its error.
   */
  async runNow(name: string, time: Date): Promise<unknown> {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      const declared = [...this.entries.keys()];
      throw new Error(
        `No schedule named "${name}"; ${declared.length === 0 ? 'none are declared' : `declared: ${declared.join(', ')}`}`,
      );
    }
    while (entry.running !== undefined) await entry.running;
    const run = this.runOnce(entry, time);
    this.track(
      entry,
      run.then(
        () => undefined,
        (error: unknown) => this.options.log(`${this.label(entry, time)} failed: ${describe(error)}`),
      ),
    );
    return run;
  }

  /** Clear the timers and wait for runs in progress; a run waiting to retry is dead-lettered instead. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    for (const wake of [...this.wakers]) wake();
    const running = [...this.entries.values()].map((entry) => entry.running);
    await Promise.all(running);
  }

  private arm(entry: Entry, after: Date): void {
    entry.next = nextFireTime(entry.schedule, after, this.anchor);
    if (entry.next !== undefined) this.wait(entry, entry.next);
  }

  private wait(entry: Entry, at: Date): void {
    if (this.stopped) return;
    const delay = Math.min(Math.max(at.getTime() - Date.now(), 0), MAX_TIMEOUT_MS);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (Date.now() < at.getTime()) this.wait(entry, at);
      else this.fire(entry, at);
    }, delay);
    // The cron alone keeps no process alive.
    entry.timer.unref();
  }

  private fire(entry: Entry, at: Date): void {
    if (this.stopped) return;
    if (entry.running !== undefined) {
      this.options.log(`${this.label(entry, at)} skipped: the previous run is still in progress`);
    } else {
      this.track(entry, this.runWithRetries(entry, at));
    }
    // After a sleeping laptop wakes, the missed run happens once, late; the ones after it are skipped.
    this.arm(entry, new Date(Math.max(at.getTime(), Date.now())));
  }

  private track(entry: Entry, run: Promise<void>): void {
    const tracked: Promise<void> = run.finally(() => {
      if (entry.running === tracked) entry.running = undefined;
    });
    entry.running = tracked;
  }

  private label(entry: Entry, time: Date): string {
    return `schedule ${entry.declaration.name} ${scheduledTime(time)}:`;
  }

  private async runOnce(entry: Entry, time: Date): Promise<unknown> {
    const started = Date.now();
    const summary = await this.options.run(entry.declaration, time);
    this.options.log(
      `${this.label(entry, time)} done in ${Date.now() - started} ms ${JSON.stringify(summary) ?? 'undefined'}`,
    );
    return summary;
  }

  private async runWithRetries(entry: Entry, time: Date): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    const retryDelayMs = this.options.retryDelayMs ?? 1000;
    let lastError: unknown;
    let attempt = 0;
    while (attempt < attempts) {
      attempt++;
      try {
        await this.runOnce(entry, time);
        return;
      } catch (error) {
        lastError = error;
        this.options.log(
          `${this.label(entry, time)} attempt ${attempt}/${attempts} failed: ${describe(error)}`,
        );
      }
      if (attempt < attempts) await this.pause(retryDelayMs * 2 ** (attempt - 1));
      if (this.stopped) break;
    }
    appendFileSync(
      this.options.deadLetterFile,
      `${JSON.stringify({
        kind: 'schedule',
        schedule: entry.declaration.name,
        handler: entry.declaration.handler,
        attempts: attempt,
        failedAt: new Date().toISOString(),
        error: describe(lastError),
        event: { schedule: entry.declaration.name, time: scheduledTime(time) },
      })}\n`,
    );
    this.options.log(`${this.label(entry, time)} dead-lettered after ${attempt} attempt(s)`);
  }

  /** A retry's backoff, cut short by stop(). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
