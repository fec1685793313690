// The local bus's pending deliveries, on disk: one file per published event under $DATA_DIR/deliveries/,
// holding the event and, for each rule target it has not reached yet, the attempts made and when the next
// is due. Written before PutEvents answers (so before the stream checkpoint moves past the record that
// caused the event), rewritten as each target succeeds or fails, removed when none is left. Every write is
// a whole file renamed into place, so a process killed at any moment leaves either the old state or the
// new one, never half of either; the next start resumes what is left.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How far one rule target's delivery has got. */
export interface TargetState {
  /** Attempts that have failed so far. */
  readonly failures: number;
  /** Not before this time (ISO 8601): the backoff after the last failure. */
  readonly nextAttemptAt?: string;
  /** The last attempt's error. */
  readonly error?: { readonly name: string; readonly message: string };
  /** Set once every attempt has failed: only recording the dead letter is left. */
  readonly exhausted?: boolean;
}

export interface Pending<E> {
  /** The entry's own id: the event's, or another for a redelivery of it to one rule. */
  readonly key: string;
  readonly event: E;
  readonly targets: Readonly<Record<string, TargetState>>;
}

export class DeliveryJournal<E> {
  private readonly open = new Map<string, { key: string; event: E; targets: Record<string, TargetState> }>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /**
   * What an earlier process left pending. A half-written file from a crash is never renamed in (its `.tmp`
   * is removed); a file that is not a delivery record (a disk fault, a hand edit) is moved to `corrupt/`
   * and reported through `onCorrupt`, so one bad file never keeps the runtime from starting.
   */
  load(onCorrupt: (file: string, problem: string) => void = () => undefined): Pending<E>[] {
    const found: Pending<E>[] = [];
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(this.dir, entry.name);
      if (!entry.name.endsWith('.json')) {
        if (entry.name.endsWith('.tmp')) rmSync(path, { force: true });
        continue;
      }
      // The key is the file's name, whatever the file says: later writes go where this one is.
      const key = entry.name.slice(0, -'.json'.length);
      const pending = readPending<E>(path);
      if (typeof pending === 'string') {
        const aside = join(this.dir, 'corrupt');
        mkdirSync(aside, { recursive: true });
        renameSync(path, join(aside, entry.name));
        onCorrupt(join(aside, entry.name), pending);
        continue;
      }
      if (Object.keys(pending.targets).length === 0) {
        rmSync(path, { force: true });
        continue;
      }
      this.open.set(key, { key, event: pending.event, targets: { ...pending.targets } });
      found.push({ key, event: pending.event, targets: pending.targets });
    }
    return found;
  }

  /** Record an event, under `key`, with the targets it still has to reach; nothing without targets. */
  add(key: string, event: E, targets: readonly string[]): void {
    if (targets.length === 0) return;
    if (this.open.has(key)) throw new Error(`Delivery ${key} is in the journal already`);
    const entry = { key, event, targets: Object.fromEntries(targets.map((name) => [name, { failures: 0 }])) };
    this.open.set(key, entry);
    this.write(key);
  }

  update(key: string, target: string, state: TargetState): void {
    const entry = this.open.get(key);
    if (entry === undefined) return;
    entry.targets[target] = state;
    this.write(key);
  }

  /** The target is done with the event (delivered, or its dead letter recorded). */
  settle(key: string, target: string): void {
    const entry = this.open.get(key);
    if (entry === undefined) return;
    delete entry.targets[target];
    if (Object.keys(entry.targets).length > 0) {
      this.write(key);
      return;
    }
    this.open.delete(key);
    rmSync(this.path(key), { force: true });
  }

  /** Deliveries not finished yet, counted per target. */
  get size(): number {
    let count = 0;
    for (const entry of this.open.values()) count += Object.keys(entry.targets).length;
    return count;
  }

  private path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  private write(key: string): void {
    const entry = this.open.get(key);
    if (entry === undefined) return;
    const path = this.path(key);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, path);
  }
}

/** The delivery record in `path`, or what is wrong with it. */
function readPending<E>(path: string): Pending<E> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const record = parsed as { event?: unknown; targets?: unknown };
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.event !== 'object' ||
    record.event === null
  ) {
    return 'no event';
  }
  if (typeof record.targets !== 'object' || record.targets === null || Array.isArray(record.targets)) {
    return 'no targets';
  }
  for (const state of Object.values(record.targets)) {
    if (typeof (state as { failures?: unknown })?.failures !== 'number') return 'a target without its state';
  }
  return parsed as Pending<E>;
}
