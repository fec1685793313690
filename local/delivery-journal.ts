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

  /** What an earlier process left pending (a half-written file from a crash is never renamed in: skipped). */
  load(): Pending<E>[] {
    const found: Pending<E>[] = [];
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (!name.endsWith('.json')) {
        rmSync(path, { force: true });
        continue;
      }
      let pending: Pending<E>;
      try {
        pending = JSON.parse(readFileSync(path, 'utf8')) as Pending<E>;
      } catch (error) {
        throw new Error(`${path} is not a delivery record (${String(error)}); move it away to start.`);
      }
      if (Object.keys(pending.targets).length === 0) {
        rmSync(path, { force: true });
        continue;
      }
      this.open.set(pending.key, { key: pending.key, event: pending.event, targets: { ...pending.targets } });
      found.push(pending);
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
