import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const nxBin = createRequire(import.meta.url).resolve('nx');

/** Runs the Nx CLI of this workspace and returns its stdout. */
function nx(...args) {
  return execFileSync(process.execPath, [nxBin, ...args], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The project graph exactly as `nx build` and the lint rule see it. */
function projectGraph() {
  const dir = mkdtempSync(join(tmpdir(), 'arena-graph-'));
  try {
    nx('graph', `--file=${join(dir, 'graph.json')}`);
    return JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every TypeScript source under a folder, skipping build output and installed packages. */
function sourceFiles(dir) {
  return readdirSync(join(workspaceRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !/[/\\](dist|node_modules)[/\\]/.test(path));
}

const graph = projectGraph();
const libraries = Object.values(graph.nodes).filter((node) => node.type === 'lib');
const libraryByPackage = new Map(
  libraries
    .filter((node) => node.data.metadata?.js?.packageName)
    .map((node) => [node.data.metadata.js.packageName, node.name]),
);

describe('the Nx graph sees every @arena/* import', () => {
  it('knows the libraries by their package names', () => {
    expect([...libraryByPackage.keys()].sort()).toEqual(['@arena/contracts', '@arena/scoring']);
  });

  it('resolves each @arena/* package through workspace paths to its library source', () => {
    // Not through node_modules links or a built dist/: a fresh clone, or a library whose dist is
    // missing or stale, must give the same graph.
    const { compilerOptions } = JSON.parse(
      readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'),
    );
    for (const [packageName, project] of libraryByPackage) {
      const root = graph.nodes[project].data.root;
      expect(compilerOptions.paths?.[packageName]).toEqual([`./${root}/src/index.ts`]);
    }
  });

  it('has a static edge for every project that imports a library', () => {
    const importers = new Map();
    for (const node of Object.values(graph.nodes)) {
      for (const file of sourceFiles(node.data.root)) {
        const text = readFileSync(file, 'utf8');
        for (const [, packageName] of text.matchAll(/from '(@arena\/[\w-]+)'/g)) {
          const target = libraryByPackage.get(packageName);
          if (target && target !== node.name) {
            importers.set(`${node.name} → ${target}`, [node.name, target]);
          }
        }
      }
    }
    // The edges the issue names must be among the imports found, or the scan itself is broken.
    expect([...importers.keys()]).toEqual(
      expect.arrayContaining(['api → contracts', 'api → scoring', 'web → contracts']),
    );
    const missing = [...importers]
      .filter(
        ([, [source, target]]) =>
          !graph.dependencies[source].some(
            (dep) => dep.target === target && dep.type !== 'implicit',
          ),
      )
      .map(([edge]) => edge);
    expect(missing).toEqual([]);
  });

  it('lets no implicitDependencies stand in for an import of a library', () => {
    const standIns = Object.values(graph.nodes).flatMap((node) =>
      (node.data.implicitDependencies ?? [])
        .filter((name) => graph.nodes[name]?.type === 'lib')
        .map((name) => `${node.name} → ${name}`),
    );
    expect(standIns).toEqual([]);
  });
});

describe('an edit in a library invalidates the apps built on it', () => {
  /** The files whose contents make up a task's hash: change one and the cache misses. */
  const hashedFiles = (task) => JSON.parse(nx('show', 'target', 'inputs', task, '--json')).files;

  it.each([
    ['api:build', 'scoring'],
    ['api:build', 'contracts'],
    ['web:build', 'contracts'],
  ])('%s hashes every source file of %s', (task, library) => {
    const root = graph.nodes[library].data.root;
    const sources = sourceFiles(`${root}/src`)
      .map((file) => file.slice(workspaceRoot.length).replace(/^[/\\]/, ''))
      .filter((file) => !file.endsWith('.spec.ts'));
    expect(sources.length).toBeGreaterThan(0);
    const hashed = new Set(hashedFiles(task));
    expect(sources.filter((file) => !hashed.has(file))).toEqual([]);
  });

  it('builds the libraries before api:build, so `npm start` never serves a stale dist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-tasks-'));
    try {
      nx('run', 'api:build', `--graph=${join(dir, 'tasks.json')}`);
      const { dependencies } = JSON.parse(readFileSync(join(dir, 'tasks.json'), 'utf8')).tasks;
      expect([...dependencies['api:build']].sort()).toEqual(['contracts:build', 'scoring:build']);
      expect(dependencies['scoring:build']).toEqual(['contracts:build']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
