// Headless Chromium for the browser tests: Debian's package rather than playwright's download (no network
// fetch of browsers at test time), installed on the spot when the tests run as root, e.g. in a container.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const EXECUTABLE = '/usr/bin/chromium';

function ensureChromium(): void {
  if (existsSync(EXECUTABLE)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${EXECUTABLE} is missing: install the Debian package "chromium" (sudo apt-get install chromium) to run the browser tests.`,
    );
  }
  execFileSync(
    'sh',
    [
      '-c',
      'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium',
    ],
    { stdio: 'inherit', timeout: 15 * 60_000 },
  );
  if (!existsSync(EXECUTABLE))
    throw new Error(`apt-get installed "chromium" but ${EXECUTABLE} is still missing.`);
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    // No sandbox: containers usually run as root without user namespaces. The rest keeps a test browser
    // from reaching out to Google's services or trying the GPU there is none of.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
