import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const read = (file) => JSON.parse(readFileSync(new URL(file, `file://${workspaceRoot}/`), 'utf8'));

/**
 * `engines.node` is a promise to the person installing Arena: the oldest Node it names must run
 * every dependency. The lockfile records each package's own `engines`, optional ones included.
 */
describe('engines', () => {
  const root = read('package.json');
  const oldest = semver.minVersion(root.engines.node);

  it('names a Node version', () => {
    expect(oldest).not.toBeNull();
  });

  it('admits only Node versions that every locked dependency accepts', () => {
    const lock = read('package-lock.json');
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines?.node)
      .filter(([, entry]) => semver.validRange(entry.engines.node))
      .filter(([, entry]) => !semver.satisfies(oldest, entry.engines.node))
      .map(
        ([path, entry]) => `${path.replace(/^.*node_modules\//, '')} wants ${entry.engines.node}`,
      );
    expect(refusing).toEqual([]);
  });
});
