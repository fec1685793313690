// Reading a request's headers and media type, and the pages' security policy: pure, so model code (form
// bodies, CORS, survey pages) can use them without the HTTP handler and what it reads.
import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The pages' Content-Security-Policy: no script, nothing loaded, forms posted back to the API only — and on to
 * `formActions` too (browsers hold the redirect after a post to form-action as well); framing by
 * `frameAncestors` (e.g. `'none'`, or the sites allowed to embed a form) when given.
 */
export function pagePolicy(frameAncestors?: string, formActions: readonly string[] = []): string {
  const policy = `default-src 'none'; style-src 'unsafe-inline'; form-action ${["'self'", ...formActions].join(' ')}; base-uri 'none'`;
  return frameAncestors === undefined ? policy : `${policy}; frame-ancestors ${frameAncestors}`;
}

export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
