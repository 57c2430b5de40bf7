import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BUILD_SCREENSHOTS, DOCS_SCREENSHOTS, screenshotDir } from './screenshots';

const workspaceRoot = resolve(__dirname, '../../..');

/** Exit status 0 means git ignores the path: files written there never show in `git status`. */
function gitIgnores(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '--quiet', '--no-index', relative(workspaceRoot, path)], {
      cwd: workspaceRoot,
    });
    return true;
  } catch {
    return false;
  }
}

describe('where browser tests put screenshots', () => {
  it('an ordinary run writes them to a git-ignored build folder, not docs/', () => {
    const dir = screenshotDir({});
    expect(dir).toBe(BUILD_SCREENSHOTS);
    expect(relative(workspaceRoot, dir).startsWith('docs')).toBe(false);
    expect(gitIgnores(join(dir, 'leaderboard-live.png'))).toBe(true);
  });

  it('SCREENSHOTS=docs refreshes the ones the docs show', () => {
    expect(screenshotDir({ SCREENSHOTS: 'docs' })).toBe(DOCS_SCREENSHOTS);
    expect(relative(workspaceRoot, DOCS_SCREENSHOTS)).toBe(join('docs', 'screenshots'));
    expect(gitIgnores(join(DOCS_SCREENSHOTS, 'leaderboard-live.png'))).toBe(false);
  });

  it('no browser test names a screenshot folder of its own', () => {
    const specs = readdirSync(__dirname).filter((file) => file.endsWith('.e2e.ts'));
    expect(specs.length).toBeGreaterThan(0);
    const naming = specs.filter((file) =>
      readFileSync(join(__dirname, file), 'utf8').includes('docs/screenshots'),
    );
    expect(naming).toEqual([]);
  });
});
