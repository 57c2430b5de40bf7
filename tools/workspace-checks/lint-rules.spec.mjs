import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: workspaceRoot });

/**
 * Lints source text as if it were committed at `filePath` (the file need not exist), with the
 * workspace's own config, and returns the failing rules line by line.
 */
async function lintAs(filePath, lines) {
  const [result] = await eslint.lintText(`${lines.join('\n')}\n`, { filePath });
  expect(result.fatalErrorCount).toBe(0);
  return result.messages.map((message) => `${message.line}: ${message.ruleId}`);
}

const boundaries = '@nx/enforce-module-boundaries';

describe('scope:shared libraries stay framework-free', () => {
  it('contracts may not import the scoring engine', async () => {
    const failures = await lintAs('libs/contracts/src/lint-probe.ts', [
      "import { localDay } from '@arena/scoring';",
      'export const probe = localDay;',
    ]);
    expect(failures).toContain(`1: ${boundaries}`);
  });

  it.each(['libs/contracts/src/lint-probe.ts', 'libs/scoring/src/lint-probe.ts'])(
    '%s may not import a server or client framework',
    async (filePath) => {
      const banned = [
        '@nestjs/common',
        'typeorm',
        'react',
        'express',
        'socket.io',
        '@tanstack/react-query',
      ];
      const failures = await lintAs(filePath, [
        ...banned.map((name, index) => `import * as banned${index} from '${name}';`),
        `export const probe = [${banned.map((_, index) => `banned${index}`).join(', ')}];`,
      ]);
      expect(failures).toEqual(banned.map((_, index) => `${index + 1}: ${boundaries}`));
    },
  );

  it('a type-only framework import is refused too', async () => {
    const failures = await lintAs('libs/scoring/src/lint-probe.ts', [
      "import type { Injectable } from '@nestjs/common';",
      'export type Probe = Injectable;',
    ]);
    expect(failures).toEqual([`1: ${boundaries}`]);
  });

  it('what shared code may import still lints clean', async () => {
    const failures = await lintAs('libs/scoring/src/lint-probe.ts', [
      "import type { Contest } from '@arena/contracts';",
      "import Decimal from 'decimal.js';",
      'export const probe = (contest: Contest): Decimal => new Decimal(contest.id.length);',
    ]);
    expect(failures).toEqual([]);
  });
});

describe('browser tests are linted like every other test', () => {
  const browserTest = 'apps/web-e2e/src/lint-probe.e2e.ts';

  it('a committed it.only fails lint', async () => {
    const failures = await lintAs(browserTest, [
      "it.only('finds the page', () => {",
      '  expect(1).toBe(1);',
      '});',
    ]);
    expect(failures).toEqual(['1: jest/no-focused-tests']);
  });

  it('a test that asserts nothing fails lint', async () => {
    const failures = await lintAs(browserTest, [
      "it('opens the page', async () => {",
      '  await Promise.resolve();',
      '});',
    ]);
    expect(failures).toEqual(['1: jest/expect-expect']);
  });

  it('a test with an assertion lints clean', async () => {
    const failures = await lintAs(browserTest, [
      "it('opens the page', async () => {",
      '  expect(await Promise.resolve(1)).toBe(1);',
      '});',
    ]);
    expect(failures).toEqual([]);
  });
});
