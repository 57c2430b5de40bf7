import { resolve } from 'node:path';

/** The folder the docs show screenshots from; only `npm run screenshots` writes there. */
export const DOCS_SCREENSHOTS = resolve(__dirname, '../../../docs/screenshots');

/** Git-ignored: an ordinary test run looks at its screenshots here and changes no tracked file. */
export const BUILD_SCREENSHOTS = resolve(__dirname, '../screenshots');

/**
 * Where browser tests leave their screenshots. `SCREENSHOTS=docs` (what `npm run screenshots`
 * sets) refreshes the images the README and docs show; anything else keeps them out of git, so
 * `npm test` leaves the working tree as it found it.
 */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['SCREENSHOTS'] === 'docs' ? DOCS_SCREENSHOTS : BUILD_SCREENSHOTS;
}
