// What the survey's page and answer routes share: how a browser is told from an API caller, and the
// headers of the pages (never cached, never framed, no scripts).
import { isJsonMediaType, pagePolicy } from '../platform/http-headers.ts';

export const SURVEY_PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': pagePolicy("'none'"),
} as const;

/** A JSON body, or a caller that asks for JSON, gets JSON; a browser's form post gets pages. */
export const wantsJson = (header: (name: string) => string | undefined) =>
  isJsonMediaType(header('content-type')) || (header('accept') ?? '').includes('application/json');
