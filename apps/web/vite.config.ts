/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const fromWebRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Where `npm run dev` runs the API (its PORT and HOST, as the API reads them); the dev server
 * forwards `/api` and the websockets to it.
 */
const apiHost =
  process.env['HOST'] && !['0.0.0.0', '::'].includes(process.env['HOST'])
    ? process.env['HOST']
    : '127.0.0.1';
const apiTarget = `http://${apiHost.includes(':') ? `[${apiHost}]` : apiHost}:${process.env['PORT'] || 3000}`;

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  resolve: {
    // The client compiles the shared contracts from source: one set of types for both sides.
    alias: { '@arena/contracts': fromWebRoot('../../libs/contracts/src/index.ts') },
  },
  build: {
    outDir: fromWebRoot('./dist'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
              priority: 20,
            },
            {
              name: 'motion',
              test: /node_modules[\\/](framer-motion|motion-dom|motion-utils)[\\/]/,
              priority: 20,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  test: {
    root: webRoot,
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.spec.{ts,tsx}'],
    setupFiles: [fromWebRoot('./test/setup.ts')],
    restoreMocks: true,
    unstubGlobals: true,
    // Typing into jsdom is CPU-bound: on a busy two-core CI machine 5 s is not enough.
    testTimeout: 30_000,
  },
});
