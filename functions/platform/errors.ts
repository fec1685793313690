// What went wrong, in the domain's words. Stores, automations and jobs throw these; the HTTP adapter
// (http.ts) alone decides what each means on the wire, so an EventBridge automation never throws a "404".

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'stale' | 'refused' | 'moved';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule of its shape: each offending field named in `details`. */
export class Invalid extends DomainError {
  constructor(details: readonly ErrorDetail[], message = 'The request is not valid.') {
    super('invalid', message, details);
  }
}

/** The record asked for does not exist. */
export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('not-found', `${what} ${id} does not exist.`);
  }
}

/** The record was merged into another: where it went (`location`, the survivor's path), so old links resolve. */
export class Moved extends DomainError {
  constructor(
    what: string,
    id: string,
    readonly mergedInto: string,
    readonly location: string,
  ) {
    super('moved', `${what} ${id} was merged into ${mergedInto}: see ${location}.`);
  }
}

/** The change cannot be made from the record's current state (an illegal move, a taken e-mail…). */
export class Conflict extends DomainError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super('conflict', message, details);
  }
}

/** The caller acted on a version of the record that is no longer the current one. */
export class Stale extends DomainError {
  constructor(message: string) {
    super('stale', message);
  }
}

/** Well-formed, but refused as it stands (a key reused for other content, a link to another account…). */
export class Refused extends DomainError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super('refused', message, details);
  }
}

/**
 * Run independent checks together and refuse once with every bad field they found (an error other than
 * Invalid is thrown as it is).
 */
export async function allChecked(checks: readonly Promise<void>[]): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const result of await Promise.allSettled(checks)) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof Invalid)) throw result.reason;
    details.push(...result.reason.details);
  }
  if (details.length > 0) throw new Invalid(details);
}
