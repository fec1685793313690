// A handler bundled exactly as the stack bundles it (lib/function.ts's settings, through esbuild's API): the
// SDK's default credential chain is left out for the environment's provider alone, which Lambda needs and
// which is all it uses; a typical build (without the stack's aliases) still carries the chain, so the check
// can fail. The bundled client finds credentials where Lambda puts them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildOptions, REPO_ROOT } from '../../lib/function.ts';

const outDir = mkdtempSync(join(tmpdir(), 'clientele-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The packages a bundle of `entry` holds (from esbuild's metafile), and the file written. */
async function bundled(entry: string, name: string, typical = false) {
  const outfile = join(outDir, `${name}.mjs`);
  const result = await build({
    ...esbuildOptions({ typical }),
    entryPoints: [join(REPO_ROOT, entry)],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const packages = new Set(
    inputs.flatMap((path) => {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
      return match?.[1] === undefined ? [] : [match[1]];
    }),
  );
  return { packages, inputs, outfile };
}

const CHAIN = [
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@smithy/credential-provider-imds',
];

describe('a Lambda bundle', () => {
  it('carries the environment credential provider and none of the default chain', async () => {
    const { packages } = await bundled('functions/accounts/handlers/get-account.ts', 'get-account');
    expect(packages.has('@aws-sdk/client-dynamodb')).toBe(true);
    expect(packages.has('@aws-sdk/credential-provider-env')).toBe(true);
    expect(CHAIN.filter((name) => packages.has(name))).toEqual([]);
    const typical = await bundled('functions/accounts/handlers/get-account.ts', 'typical', true);
    expect(CHAIN.filter((name) => typical.packages.has(name)).length).toBeGreaterThan(3);
  });

  it('leaves out the event-stream codec and mnemonist, and its clients still call their services', async () => {
    const entry = 'functions/accounts/handlers/create-account.ts';
    const leftOut = ({ inputs }: { inputs: string[] }) =>
      inputs.filter((path) => path.includes('/submodules/event-streams/') || path.includes('/mnemonist/'));
    expect(leftOut(await bundled(entry, 'create-account'))).toEqual([]);
    expect(leftOut(await bundled(entry, 'create-account-typical', true)).length).toBeGreaterThan(5);

    const { outfile } = await bundled('test/fixtures/bundled-clients.ts', 'clients');
    const answer = JSON.parse(
      execFileSync(process.execPath, [outfile], {
        env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        encoding: 'utf8',
      }),
    );
    expect(answer.getItem).toEqual({ value: { pk: { S: 'a' }, n: { N: '7' } } });
    expect(answer.invoke).toEqual({ value: { ok: true } });
    expect(answer.putObject).toEqual({ value: '"e"' });
    expect(answer.stream.error).toMatch(/^Event-stream operations are left out of Clientele Lambda bundles/);
  });

  it('keeps the endpoint cache an LRU of its capacity', async () => {
    const { default: LRUCache } = await import('../../functions/platform/small-lru.ts');
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    expect(cache.peek('a')).toBe(1); // peek leaves the order alone: a stays older than c
    cache.set('d', 4);
    expect([cache.has('a'), cache.has('c'), cache.has('d'), cache.size]).toEqual([false, true, true, 2]);
    cache.set('c', 30);
    expect([cache.get('c'), cache.size]).toEqual([30, 2]);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(() => new LRUCache(0)).toThrow(/capacity/);
  });

  it('gives its clients the credentials Lambda puts in the environment', async () => {
    const { outfile } = await bundled('test/fixtures/bundled-credentials.ts', 'credentials');
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, [outfile], {
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-central-1', ...env },
        encoding: 'utf8',
      });
    const answer = JSON.parse(
      run({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' }),
    );
    expect(answer).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
    // Without them there is nothing else to ask (no files, no instance metadata): a clear failure.
    expect(JSON.parse(run({}))).toEqual({ error: 'CredentialsProviderError' });
  });
});
