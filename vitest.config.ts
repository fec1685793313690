import { defineConfig } from 'vitest/config';

// One run covers unit, integration (DynamoDB Local), infra (synthesised template) and e2e (HTTP) tests.
// DynamoDB Local is started once per run by the global setup, on a free port.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
