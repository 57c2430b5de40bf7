import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const jestBin = createRequire(import.meta.url).resolve('jest/bin/jest');

/**
 * One suffix per test tier, so a file's name says what it needs to run:
 * - `*.spec.ts(x)` / `*.spec.mjs`: unit, no server, database or browser (every project);
 * - `*.e2e-spec.ts`: API integration, the whole AppModule on a real PostgreSQL (apps/api only);
 * - `*.e2e.ts`: browser tests in Chromium against the built server (apps/web-e2e only).
 */
const tiers = [
  { suffix: /\.spec\.(ts|tsx|mjs)$/, where: /^(apps|libs|tools)\// },
  { suffix: /\.e2e-spec\.ts$/, where: /^apps\/api\/(src|test)\// },
  { suffix: /\.e2e\.ts$/, where: /^apps\/web-e2e\/src\// },
];

/** Anything named like a test in any common convention, so a stray `.test.ts` is caught too. */
const looksLikeATest = /\.(spec|test|e2e|e2e-spec|e2e-test|int-spec|it)\.[cm]?[jt]sx?$/;

describe('test tiers', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: workspaceRoot, encoding: 'utf8' })
    .split('\n')
    .filter((file) => looksLikeATest.test(file));

  it('finds the test files', () => {
    expect(tracked.length).toBeGreaterThan(50);
  });

  it('names every test file with its tier suffix, in the tier its folder runs', () => {
    const misnamed = tracked.filter(
      (file) => !tiers.some(({ suffix, where }) => suffix.test(file) && where.test(file)),
    );
    expect(misnamed).toEqual([]);
  });

  it("runs every API test file: jest's testMatch covers each tier the API has", () => {
    const listed = execFileSync(
      process.execPath,
      [jestBin, '-c', 'apps/api/jest.config.cjs', '--listTests'],
      { cwd: workspaceRoot, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean)
      .map((file) => relative(workspaceRoot, file).split(sep).join('/'));
    const api = tracked.filter((file) => file.startsWith('apps/api/'));
    expect(api.filter((file) => !listed.includes(file))).toEqual([]);
  });
});
