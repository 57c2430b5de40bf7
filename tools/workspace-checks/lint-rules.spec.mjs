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

describe('API code reaches the database only through the scoped helpers', () => {
  const service = 'apps/api/src/contests/lint-probe.service.ts';

  it('a raw @InjectDataSource() in an ordinary service fails lint', async () => {
    const failures = await lintAs(service, [
      "import { Injectable } from '@nestjs/common';",
      "import { InjectDataSource } from '@nestjs/typeorm';",
      "import { DataSource } from 'typeorm';",
      '@Injectable()',
      'export class ProbeService {',
      '  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}',
      '  rows(): Promise<unknown[]> {',
      "    return this.dataSource.query('SELECT * FROM contests');",
      '  }',
      '}',
    ]);
    expect(failures).toEqual(['2: no-restricted-imports', '3: no-restricted-imports']);
  });

  it('an unscoped repository, injected or taken from a manager, fails lint', async () => {
    const failures = await lintAs(service, [
      "import { InjectRepository } from '@nestjs/typeorm';",
      "import type { EntityManager, Repository } from 'typeorm';",
      "import { UserEntity } from '../users/entities/user.entity';",
      'export class ProbeService {',
      '  constructor(@InjectRepository(UserEntity) readonly users: Repository<UserEntity>) {}',
      '  all(manager: EntityManager) {',
      '    return manager.getRepository(UserEntity).find();',
      '  }',
      '}',
    ]);
    expect(failures).toEqual(['1: no-restricted-imports', '7: no-restricted-syntax']);
  });

  it('SQL across organisations fails lint unless a comment says why', async () => {
    const lines = (comment) => [
      "import { OrgSql } from '../common/org-sql';",
      'export class ProbeService {',
      '  constructor(private readonly sql: OrgSql) {}',
      '  all() {',
      ...comment,
      "    return this.sql.unscopedQuery('SELECT id FROM organizations');",
      '  }',
      '}',
    ];
    expect(await lintAs(service, lines([]))).toEqual(['5: no-restricted-syntax']);
    expect(
      await lintAs(
        service,
        lines(['    // eslint-disable-next-line no-restricted-syntax -- a probe of the allowlist']),
      ),
    ).toEqual([]);
  });

  it('the scoped helpers lint clean', async () => {
    const failures = await lintAs(service, [
      "import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';",
      "import { OrgSql } from '../common/org-sql';",
      "import { UserEntity } from '../users/entities/user.entity';",
      'export class ProbeService {',
      '  constructor(',
      '    private readonly sql: OrgSql,',
      '    @InjectOrgScoped(UserEntity) readonly users: OrgScopedRepository<UserEntity>,',
      '  ) {}',
      '  count() {',
      "    return this.sql.query('SELECT count(*) FROM contests WHERE org_id = $1');",
      '  }',
      '}',
    ]);
    expect(failures).toEqual([]);
  });
});
