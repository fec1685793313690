// The seed's random source: mulberry32 over a stream named per generator (the team, each account), so the
// same seed draws the same numbers on every machine, and one account's draws never shift another's.
import { createHash } from 'node:crypto';
import { DAY, HOUR } from './context.ts';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;
  constructor(seed: number, stream: string) {
    this.next = mulberry32(createHash('sha256').update(`${seed}#${stream}`).digest().readUInt32BE(0));
  }
  float(): number {
    return this.next();
  }
  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries.at(-1);
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }
  /** How many of something that happens `mean` times on average (Poisson). */
  count(mean: number): number {
    const limit = Math.exp(-mean);
    let product = this.next();
    let count = 0;
    while (product > limit) {
      product *= this.next();
      count++;
    }
    return count;
  }
  /** A moment in [from, to). */
  between(from: number, to: number): number {
    return Math.floor(from + this.next() * Math.max(0, to - from));
  }
  /** A moment in [from, to), in office hours (Monday–Friday 08–18 UTC) when the span allows. */
  workTime(from: number, to: number): number {
    if (to - from < DAY) return this.between(from, to);
    for (let tries = 0; tries < 20; tries++) {
      const day = Math.floor(this.between(from, to) / DAY) * DAY;
      const weekday = new Date(day).getUTCDay();
      if ((weekday === 0 || weekday === 6) && this.chance(0.9)) continue;
      const at = day + 8 * HOUR + this.between(0, 10 * HOUR);
      if (at >= from && at < to) return at;
    }
    return this.between(from, to);
  }
}
