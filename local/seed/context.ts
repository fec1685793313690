// What the seed's generators share: the options and the span of the history, seeded ids, the e-mail
// addresses and account names already taken, and (per account) the random stream they all draw from.
import { encodeTime } from 'ulid';
import { derivedId } from '../../functions/platform/keys.ts';
import type { Survey } from '../../functions/service/survey.ts';
import type { Random } from './random.ts';
import type { Team } from './team.ts';

export interface SeedOptions {
  readonly accounts: number;
  readonly seed: number;
  /** How many calendar months of history before `today`. */
  readonly months: number;
  /** The day the data set is as of (YYYY-MM-DD, UTC): its history ends at that day's midnight. */
  readonly today: string;
  /** Base of the survey links in the e-mails already sent. */
  readonly publicUrl?: string;
}

/** A record's versions, oldest first: v1 is what was created, each next one a change, the last one now. */
export type History<T> = readonly T[];

export interface SeededSurvey {
  readonly token: string;
  readonly versions: History<Survey>;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const iso = (ms: number) => new Date(ms).toISOString();

export interface SeedContext {
  readonly options: Required<SeedOptions>;
  /** First moment of the history, `months` before `today`. */
  readonly from: number;
  /** `today` at 00:00 UTC: nothing is dated at or after it. */
  readonly until: number;
  /** The end of the quarter after this one: open deals are expected to close by then. */
  readonly quarterAfterEnd: number;
  /** A ULID whose time part is the record's moment (so time-ordered lists stay ordered) and the rest seeded. */
  readonly idAt: (ms: number, key: string) => string;
  /** `local@domain`, or with a number after `local` when that address is taken already. */
  readonly uniqueEmail: (local: string, domain: string) => string;
  /** The account names given so far: each account's is unique. */
  readonly usedNames: Set<string>;
}

export function seedContext(input: SeedOptions): SeedContext {
  const options: Required<SeedOptions> = { publicUrl: 'http://localhost:3000', ...input };
  const until = Date.parse(`${options.today}T00:00:00Z`);
  if (Number.isNaN(until)) throw new Error(`Not a day: ${options.today}`);
  const todayDate = new Date(until);
  const from = Date.UTC(
    todayDate.getUTCFullYear(),
    todayDate.getUTCMonth() - options.months,
    todayDate.getUTCDate(),
  );
  // Open deals are expected to close between three weeks ago and the end of the quarter after this one.
  const quarterAfterEnd = Date.UTC(
    todayDate.getUTCFullYear(),
    (Math.floor(todayDate.getUTCMonth() / 3) + 2) * 3,
    0,
  );

  const idAt = (ms: number, key: string) =>
    encodeTime(ms, 10) + derivedId(`clientele-seed#${options.seed}#${key}`).slice(10);

  const usedEmails = new Set<string>();
  const uniqueEmail = (local: string, domain: string) => {
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`;
      if (!usedEmails.has(email)) {
        usedEmails.add(email);
        return email;
      }
    }
  };

  return { options, from, until, quarterAfterEnd, idAt, uniqueEmail, usedNames: new Set<string>() };
}

/**
 * One account's generation: the data set's context, the team, and the account's own random stream. Its
 * generators draw from that stream one after the other, so the order they run in is part of the data set.
 */
export interface AccountScope extends SeedContext {
  readonly team: Team;
  readonly index: number;
  readonly random: Random;
  /** Months of history this account was around for: what happens steadily scales with it. */
  readonly perMonth: number;
  /** The seeded part of the id of the account's `n`-th record of a kind. */
  readonly key: (kind: string, n: number) => string;
}
