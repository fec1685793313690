// Refusals that exist only at the HTTP edge (no token, a role the caller lacks, a body too large or of the
// wrong type, a page that may not post here), with their status. Domain errors (errors.ts) are mapped to
// statuses in http.ts.
import type { ErrorDetail } from './errors.ts';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
    /** More fields of the error body (e.g. the roles a route allows). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export class Unauthorized extends HttpError {
  constructor(message = 'A valid bearer token is required.') {
    super(401, 'Unauthorized', message, [], { 'WWW-Authenticate': 'Bearer' });
  }
}

/** 403: the caller is known, and not allowed here; `allowedRoles` says who would be. */
export class Forbidden extends HttpError {
  constructor(code: string, message: string, allowedRoles?: readonly string[]) {
    super(403, code, message, [], {}, allowedRoles === undefined ? {} : { allowedRoles });
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(limitBytes: number) {
    super(413, 'PayloadTooLarge', `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaType extends HttpError {
  constructor(expected: string) {
    super(415, 'UnsupportedMediaType', `The request body must be sent as ${expected}.`);
  }
}
