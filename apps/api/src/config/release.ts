import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const cache = new Map<string, string>();

/**
 * Identifies the web app being served: a hash of its `index.html`, which names every hashed
 * asset, so it changes with each release. An unattended TV reloads itself when it changes.
 */
export function webRelease(webDist: string): string {
  let release = cache.get(webDist);
  if (!release) {
    try {
      const html = readFileSync(join(webDist, 'index.html'));
      release = createHash('sha256').update(html).digest('hex').slice(0, 12);
    } catch {
      release = 'no-web-build';
    }
    cache.set(webDist, release);
  }
  return release;
}
