// npm run import -- <file.csv> [--type contacts] [--dry-run] [--existing update|skip] [--map "Header=field"]…
// Imports a file into the running CRM the way any client would, over its HTTP API: an upload target
// (POST /uploads), the file PUT to it, then POST /imports — with progress bars for the upload and the rows —
// and prints the import (or, with --dry-run, the preview) as JSON. Against `npm start` by default (its dev
// admin's token); CLIENTELE_API_URL and CLIENTELE_TOKEN point it at a deployed stack.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { exit } from './attach.ts';
import { localConfig } from './config.ts';
import { Progress } from './progress.ts';

const USAGE = `Usage: npm run import -- <file.csv> [options]

Imports a contacts file (one row per contact, company columns beside it) into the CRM that \`npm start\` runs,
through its API: uploads the file, starts the import and follows it to the end, then prints the import as
JSON. The headers of HubSpot, Salesforce and ClickUp exports and of plain spreadsheets are recognised.

  --type <records>            what the rows are (default contacts)
  --dry-run                   only preview: the mapping used, the first rows as they would be stored and
                              every row error; nothing is written
  --existing update|skip      a row whose e-mail is a contact already: fill in what differs (default), or
                              leave the contact as it is
  --map "<Header>=<field>"    map a column explicitly (repeatable); a field, custom:<name> or ignore
  --unknown report|custom     columns neither mapped nor recognised: reported (default) or kept as custom
                              fields of the account
  --delimiter , | ; | tab     the separator (default: sniffed from the header line)
  -h, --help                  this text

Environment: CLIENTELE_API_URL (default http://127.0.0.1:$PORT, the local runtime) and CLIENTELE_TOKEN
(default the local dev admin's token, DATA_DIR/dev-token).`;

function commandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        type: { type: 'string', default: 'contacts' },
        'dry-run': { type: 'boolean' },
        existing: { type: 'string', default: 'update' },
        map: { type: 'string', multiple: true },
        unknown: { type: 'string', default: 'report' },
        delimiter: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return exit(2, `${(error as Error).message}\n\n${USAGE}`);
  }
}

const { values, positionals } = commandLine();
if (values.help) exit(0, USAGE);
const [file, ...extra] = positionals;
if (file === undefined || extra.length > 0) exit(2, `Name one file to import.\n\n${USAGE}`);
if (!existsSync(file) || !statSync(file).isFile()) exit(2, `No file ${file}.`);
const mapping: Record<string, string> = {};
for (const pair of values.map ?? []) {
  const at = pair.lastIndexOf('=');
  if (at <= 0) exit(2, `--map takes "<Header>=<field>", not "${pair}".`);
  mapping[pair.slice(0, at)] = pair.slice(at + 1);
}
const delimiter = values.delimiter === 'tab' ? '\t' : values.delimiter;

const config = localConfig();
const api = (process.env.CLIENTELE_API_URL || `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
function token(): string {
  if (process.env.CLIENTELE_TOKEN) return process.env.CLIENTELE_TOKEN;
  const path = join(config.dataDir, 'dev-token');
  if (!existsSync(path))
    return exit(
      2,
      `No token: set CLIENTELE_TOKEN, or start the local runtime (npm start) with DATA_DIR=${config.dataDir} so it writes ${path}.`,
    );
  return readFileSync(path, 'utf8').trim();
}
const bearer = { Authorization: `Bearer ${token()}` };

/** A call of the API: its JSON answer, or the process ends naming the API's error. */
async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  /** An import under way: an error of this call says it goes on, and where to follow it. */
  importId?: string,
): Promise<{ status: number; json: T }> {
  const goesOn =
    importId === undefined
      ? ''
      : `\nThe import goes on: GET /imports/${importId} (or run this command again).`;
  let response: Response;
  try {
    response = await fetch(`${api}${path}`, {
      method,
      headers: { ...bearer, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    return exit(
      1,
      `\nNothing answers at ${api} (${(error as Error).message}): is the CRM running (npm start)?${goesOn}`,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    const details = (() => {
      try {
        const { error } = JSON.parse(text) as {
          error: { message: string; details?: { path?: string; message: string }[] };
        };
        return [
          error.message,
          ...(error.details ?? []).map((detail) => `  ${detail.path ?? ''}: ${detail.message}`),
        ].join('\n');
      } catch {
        return text;
      }
    })();
    return exit(1, `\n${method} ${path} → ${response.status}\n${details}${goesOn}`);
  }
  return { status: response.status, json: JSON.parse(text) as T };
}

const bytes = statSync(file).size;
const target = (
  await call<{ id: string; url: string; method: string; headers: Record<string, string> }>('POST', '/uploads')
).json;
const uploading = new Progress();
uploading.start('uploading', bytes);
let sent = 0;
const stream = createReadStream(file);
stream.on('data', (chunk) => {
  sent += chunk.length;
  uploading.set(sent);
});
const put = await fetch(target.url, {
  method: target.method,
  headers: { ...target.headers, 'Content-Length': String(bytes) },
  body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
  duplex: 'half',
} as RequestInit & { duplex: 'half' }).catch((error: unknown) =>
  exit(
    1,
    `\nUploading ${file} failed: ${(error as Error).message}. Nothing was imported; run the command again.`,
  ),
);
if (!put.ok) exit(1, `\nUploading ${file} → ${put.status}\n${await put.text()}`);
uploading.finish();

const request = {
  upload: target.id,
  records: values.type,
  existing: values.existing,
  unknownColumns: values.unknown,
  ...(Object.keys(mapping).length === 0 ? {} : { mapping }),
  ...(delimiter === undefined ? {} : { delimiter }),
  ...(values['dry-run'] === true ? { dryRun: true } : {}),
};
interface ImportView {
  id: string;
  state: string;
  counts: { rows: number; done: number };
  split?: unknown;
}
const started = await call<ImportView>('POST', '/imports', request);
if (values['dry-run'] === true) {
  process.stdout.write(`${JSON.stringify(started.json, null, 2)}\n`);
  process.exit(0);
}
const importing = new Progress();
let current = started.json;
importing.start('importing', current.counts.rows);
while (current.state === 'running') {
  await new Promise((resolve) => setTimeout(resolve, 500));
  current = (await call<ImportView>('GET', `/imports/${current.id}`, undefined, current.id)).json;
  // The total grows while the file is being split.
  importing.setTotal(current.counts.rows);
  importing.set(current.counts.done);
}
importing.finish(current.split === undefined ? '' : ' (not fully split)');
process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
process.exit(current.state === 'done' ? 0 : 1);
