import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Browser tests: Debian's Chromium against the built server on its own embedded database. */
export default defineConfig({
  root: fromHere('.'),
  resolve: { alias: { '@arena/contracts': fromHere('../../libs/contracts/src/index.ts') } },
  test: {
    globals: true,
    include: ['src/**/*.e2e.ts', 'src/**/*.spec.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
