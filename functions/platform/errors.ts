// Typed errors, turned into HTTP responses in one place (http.ts). Only 4xx carry details to the caller.

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export class ValidationFailed extends HttpError {
  constructor(details: readonly ErrorDetail[], message = 'The request is not valid.') {
    super(400, 'ValidationFailed', message, details);
  }
}

export class Unauthorized extends HttpError {
  constructor(message = 'A valid bearer token is required.') {
    super(401, 'Unauthorized', message, [], { 'WWW-Authenticate': 'Bearer' });
  }
}

export class Forbidden extends HttpError {
  constructor(message = 'Not allowed.') {
    super(403, 'Forbidden', message);
  }
}

export class NotFound extends HttpError {
  constructor(what: string, id: string) {
    super(404, 'NotFound', `${what} ${id} does not exist.`);
  }
}

export class Conflict extends HttpError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super(409, 'Conflict', message, details);
  }
}

export class PreconditionFailed extends HttpError {
  constructor(message: string) {
    super(412, 'PreconditionFailed', message);
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

export class UnprocessableEntity extends HttpError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super(422, 'UnprocessableEntity', message, details);
  }
}
