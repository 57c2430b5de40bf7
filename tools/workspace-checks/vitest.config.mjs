import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Checks on the workspace itself: the Nx graph the build cache trusts, and the lint rules. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    globals: true,
    include: ['*.spec.mjs'],
    environment: 'node',
    // Each check shells out to Nx or loads the whole ESLint config: seconds, not milliseconds.
    testTimeout: 60_000,
  },
});
