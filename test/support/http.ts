// The API over HTTP, as a client of a running local runtime sees it: JSON in, the answer's status, headers,
// text, and its body parsed when it says it is JSON. Redirects are answers here, not followed.
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field
  readonly json: any;
}

/** A caller of the API at `target().url`, signed in with `target().token` when there is one. */
export function apiClient(target: () => { readonly url: string; readonly token?: string | undefined }) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<HttpAnswer> => {
    const { url, token } = target();
    const response = await fetch(`${url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json =
      text !== '' && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, text, json };
  };
}

/** A running runtime's output without its access log lines (polling would drown everything else). */
export const withoutAccessLog = (output: string) =>
  output
    .split('\n')
    .filter((line) => !/ → \d{3} \(/.test(line))
    .join('\n')
    .slice(-4000);
