// Reading what a web form sends: JSON, urlencoded or multipart (no files), each into a flat map of
// field → value. Anything else is refused here, before validation looks at a single field.
import { Invalid } from '../platform/errors.ts';
import { UnsupportedMediaType } from '../platform/http-errors.ts';
import { isJsonMediaType } from '../platform/http-headers.ts';

const MAX_FIELDS = 100;
const ACCEPTED = 'application/json, application/x-www-form-urlencoded or multipart/form-data';

export type RawSubmission = Record<string, unknown>;

export function mediaTypeOf(contentType: string | undefined): string {
  return contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
}

export async function parseFormBody(text: string, contentType: string | undefined): Promise<RawSubmission> {
  const type = mediaTypeOf(contentType);
  if (isJsonMediaType(contentType)) return parseJson(text);
  if (type === 'application/x-www-form-urlencoded') return fromPairs(new URLSearchParams(text));
  if (type === 'multipart/form-data') return parseMultipart(text, contentType ?? '');
  throw new UnsupportedMediaType(ACCEPTED);
}

function parseJson(text: string): RawSubmission {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Invalid([{ path: 'body', message: 'Malformed JSON.' }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Invalid([{ path: 'body', message: 'Must be a JSON object of field → value.' }]);
  }
  if (Object.keys(parsed).length > MAX_FIELDS) {
    throw new Invalid([{ path: 'body', message: `At most ${MAX_FIELDS} fields.` }]);
  }
  // Without a prototype, a field named like one of Object's members (constructor, toString…) is just absent.
  return Object.assign(Object.create(null) as RawSubmission, parsed);
}

async function parseMultipart(text: string, contentType: string): Promise<RawSubmission> {
  let data: FormData;
  try {
    data = await new Response(text, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new Invalid([{ path: 'body', message: 'Malformed multipart body.' }]);
  }
  const pairs: [string, string][] = [];
  for (const [name, value] of data.entries()) {
    if (typeof value !== 'string') {
      throw new Invalid([{ path: name.slice(0, 100), message: 'Files are not accepted.' }]);
    }
    pairs.push([name, value]);
  }
  return fromPairs(pairs);
}

/** A field sent twice is a mistake or an attack, not a list: refuse it by name. */
function fromPairs(pairs: Iterable<[string, string]>): RawSubmission {
  // No prototype: a field named __proto__ is just a (refused, unknown) field, not a prototype change.
  const values: RawSubmission = Object.create(null);
  const repeated = new Set<string>();
  let count = 0;
  for (const [name, value] of pairs) {
    if (++count > MAX_FIELDS) throw new Invalid([{ path: 'body', message: `At most ${MAX_FIELDS} fields.` }]);
    if (Object.hasOwn(values, name)) repeated.add(name);
    values[name] = value;
  }
  if (repeated.size > 0) {
    throw new Invalid(
      [...repeated].map((name) => ({ path: name.slice(0, 100), message: 'Sent more than once.' })),
    );
  }
  return values;
}
