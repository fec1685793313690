// Which web pages may post to a form: its own embed page (same origin) and the origins the form lists.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Forbidden } from '../platform/http-errors.ts';
import { headerOf } from '../platform/http-headers.ts';

/** The origin the API itself is served from, as the browser sees it. */
export function ownOrigin(event: APIGatewayProxyEvent): string | undefined {
  const host = headerOf(event, 'host');
  if (host === undefined) return undefined;
  return `${headerOf(event, 'x-forwarded-proto') ?? 'http'}://${host}`;
}

/**
 * The CORS headers for a request from `Origin`, or a 403 when that origin may not post here. No Origin
 * (a server, a curl) means no CORS at all: browsers always send one on a cross-site POST.
 */
export function corsHeaders(
  allowedOrigins: readonly string[],
  event: APIGatewayProxyEvent,
): Record<string, string> {
  const origin = headerOf(event, 'origin');
  if (origin === undefined) return {};
  if (origin !== ownOrigin(event) && !allowedOrigins.includes(origin)) {
    throw new Forbidden('Forbidden', `Pages on ${origin.slice(0, 200)} may not post to this form.`);
  }
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}
