import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config/app-config';
import { BODY_LIMIT } from '../src/create-app';

/**
 * The production shape (docker-compose.yml, Dockerfile, deploy/nginx.conf) cannot be run here, so
 * this reads the files and checks what would break a deployment: services and their wiring, one
 * JWT secret for both instances, sticky websockets in the balancer, a non-root image, and that
 * every variable Compose passes is one the app documents.
 */

const ROOT = resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

type Env = Record<string, string | undefined>;

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number | { target?: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target?: string; read_only?: boolean })[];
}

interface ComposeFile {
  version?: unknown;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const API_SERVICES = ['api-1', 'api-2'];
const POSTGRES_IMAGE_VARIABLES = /^POSTGRES_[A-Z_]+$/;
const SECRET_FOR_TESTS = 'x'.repeat(48);

// `$$`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`, `${NAME:+other}`, `$NAME`
const INTERPOLATION = /\$(?:(\$)|\{([A-Za-z_]\w*)(?:(:?)([-?+])([^}]*))?\}|([A-Za-z_]\w*))/g;

/** Compose's variable interpolation, as `docker compose config` applies it. */
function interpolate(value: string, env: Env): string {
  return value.replace(
    INTERPOLATION,
    (
      _match,
      dollar?: string,
      braced?: string,
      colon?: string,
      op?: string,
      arg = '',
      bare?: string,
    ) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      const current = env[name];
      const unset = colon ? !current : current === undefined;
      if (op === '-') return unset ? arg : current!;
      if (op === '?') {
        if (unset) throw new Error(`${name}: ${arg}`);
        return current!;
      }
      if (op === '+') return unset ? '' : arg;
      return current ?? '';
    },
  );
}

/** Names of the variables a string takes from the environment (`$$` is a literal dollar). */
function variablesIn(value: string): string[] {
  return [...value.matchAll(INTERPOLATION)]
    .filter((match) => !match[1])
    .map((match) => (match[2] ?? match[6])!);
}

/** Every string value of a parsed YAML document (Compose interpolates values, not keys). */
function stringValues(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringValues);
  if (node && typeof node === 'object') return Object.values(node).flatMap(stringValues);
  return [];
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

function resolvedEnvironmentOf(service: ComposeService, env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentOf(service)).map(([key, value]) => [key, interpolate(value, env)]),
  );
}

function dependencyConditions(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition]));
}

function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test;
  if (service.healthcheck?.disable || test === undefined) return '';
  return Array.isArray(test) ? test.join(' ') : test;
}

function buildOf(service: ComposeService): { context: string; dockerfile: string } {
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  if (!build) throw new Error('the service has no build section');
  return {
    context: resolve(ROOT, build.context ?? '.'),
    dockerfile: build.dockerfile ?? 'Dockerfile',
  };
}

function containerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return Number(port.target);
    // [ip:][published:]target[/protocol]
    const target = String(port).split('/')[0].split(':').pop();
    return Number(target);
  });
}

function bindMounts(
  service: ComposeService,
): { source: string; target: string; readOnly: boolean }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') {
      return {
        source: volume.source ?? '',
        target: volume.target ?? '',
        readOnly: volume.read_only === true,
      };
    }
    const [source, target, mode = ''] = volume.split(':');
    return { source, target: target ?? '', readOnly: mode.split(',').includes('ro') };
  });
}

/** Sizes as nginx (`2m`) and body-parser (`2mb`) write them, in bytes. */
function bytes(size: string): number {
  const match = /^(\d+)\s*([kmg]?)b?$/i.exec(size.trim());
  if (!match) throw new Error(`not a size: ${size}`);
  const power = ['', 'k', 'm', 'g'].indexOf(match[2].toLowerCase());
  return Number(match[1]) * 1024 ** power;
}

/** An nginx time (`60`, `90s`, `10m`, `1h`) in seconds. */
function seconds(time: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(time.trim());
  if (!match) throw new Error(`not a time: ${time}`);
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
  return Number(match[1]) * unit[match[2] ?? 's'];
}

/** The body of the first `name [args] { … }` block without nested blocks (map, location). */
function block(config: string, header: RegExp): string | undefined {
  const match = new RegExp(`${header.source}\\s*\\{([^{}]*)\\}`).exec(config);
  return match?.[match.length - 1];
}

function directives(body: string, name: string): string[] {
  return [...body.matchAll(new RegExp(`^\\s*${name}\\s+([^;]*);`, 'gm'))].map((m) => m[1].trim());
}

interface DockerInstruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with comments dropped and line continuations joined. */
function dockerInstructions(text: string): DockerInstruction[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => /^\s*([A-Za-z]+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ keyword: match[1].toUpperCase(), args: match[2].trim() }));
}

/** `ENV` values of the image's runtime stage, e.g. `ENV NODE_ENV=production PORT=3000`. */
function dockerEnv(runtime: DockerInstruction[]): Record<string, string> {
  const pairs = runtime
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => [...i.args.matchAll(/([A-Za-z_]\w*)=("[^"]*"|\S*)/g)]);
  return Object.fromEntries(pairs.map((m) => [m[1], m[2].replace(/^"|"$/g, '')]));
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const services = compose.services ?? {};
const nginx = read('deploy/nginx.conf').replace(/#.*$/gm, '');
const dockerfile = dockerInstructions(read('Dockerfile'));
const runtimeStage = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf('FROM'));
const documented = new Set(CONFIG_VARIABLES.map((variable) => variable.name));

/** The API's port in its container: Compose's PORT, else the image's, else the app default. */
function apiPort(env: Env): number {
  const fallback = CONFIG_VARIABLES.find((variable) => variable.name === 'PORT')?.default;
  return Number(env['PORT'] ?? dockerEnv(runtimeStage)['PORT'] ?? fallback);
}

// loadConfig writes a generated secret into DATA_DIR when JWT_SECRET is missing: never in the repo.
const scratch = mkdtempSync(join(tmpdir(), 'arena-deploy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docker-compose.yml', () => {
  it('uses the Compose specification, without the obsolete version key', () => {
    expect(compose).not.toHaveProperty('version');
  });

  it('runs PostgreSQL, Redis, two API instances and a load balancer', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'api-1', 'api-2', 'lb']),
    );
  });

  it('keeps PostgreSQL in a named volume and checks it with pg_isready', () => {
    const postgres = services['postgres'];
    expect(postgres.image).toMatch(/^postgres:\d+/);
    const env = environmentOf(postgres);
    for (const name of ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD']) {
      expect(env[name]).toBeTruthy();
    }
    const dataVolume = bindMounts(postgres).find((mount) =>
      mount.target.startsWith('/var/lib/postgresql'),
    );
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume!.source);
    expect(healthcheckCommand(postgres)).toContain('pg_isready');
  });

  it('checks Redis with redis-cli ping', () => {
    expect(services['redis'].image).toMatch(/^redis:/);
    expect(healthcheckCommand(services['redis'])).toMatch(/redis-cli\s+ping/);
  });

  describe.each(API_SERVICES)('%s', (name) => {
    const api = services[name] ?? {};
    const env = resolvedEnvironmentOf(api, {
      JWT_SECRET: SECRET_FOR_TESTS,
      SECRETS_KEY: SECRET_FOR_TESTS,
    });

    it('builds the repository Dockerfile', () => {
      const { context, dockerfile } = buildOf(api);
      expect(context).toBe(ROOT);
      expect(existsSync(resolve(context, dockerfile))).toBe(true);
    });

    it('connects to the postgres service with its user, password and database', () => {
      const postgres = resolvedEnvironmentOf(services['postgres'], {});
      const url = new URL(env['DATABASE_URL']);
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe('postgres');
      expect(url.port || '5432').toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(postgres['POSTGRES_USER']);
      expect(decodeURIComponent(url.password)).toBe(postgres['POSTGRES_PASSWORD']);
      expect(url.pathname).toBe(`/${postgres['POSTGRES_DB']}`);
    });

    it('shares live updates through the redis service', () => {
      const url = new URL(env['REDIS_URL']);
      expect(url.protocol).toBe('redis:');
      expect(url.hostname).toBe('redis');
    });

    it('requires JWT_SECRET and SECRETS_KEY from the environment instead of generating them per instance', () => {
      expect(env['JWT_SECRET']).toBe(SECRET_FOR_TESTS);
      expect(env['SECRETS_KEY']).toBe(SECRET_FOR_TESTS);
      expect(() => resolvedEnvironmentOf(api, { SECRETS_KEY: SECRET_FOR_TESTS })).toThrow(
        /JWT_SECRET/,
      );
      expect(() => resolvedEnvironmentOf(api, { JWT_SECRET: SECRET_FOR_TESTS })).toThrow(
        /SECRETS_KEY/,
      );
    });

    it('turns the demo off and passes the app’s own config validation', () => {
      expect(env['DEMO']).toBe('0');
      const config = loadConfig(env, scratch);
      expect(config.demo).toBe(false);
      expect(config.databaseUrl).toBeDefined();
      expect(config.redisUrl).toBeDefined();
      expect(config.jwtSecret).toBe(SECRET_FOR_TESTS);
      expect(config.secretsKey).toBe(SECRET_FOR_TESTS);
    });

    it('starts after PostgreSQL and Redis are healthy and reports its own health', () => {
      expect(dependencyConditions(api)).toEqual(
        expect.objectContaining({ postgres: 'service_healthy', redis: 'service_healthy' }),
      );
      expect(healthcheckCommand(api)).toContain(`:${apiPort(env)}/api/health`);
    });
  });

  it('gives both API instances the same image and the same configuration', () => {
    const [first, second] = API_SERVICES.map((name) => services[name]);
    expect(buildOf(second)).toEqual(buildOf(first));
    expect(second.image).toBe(first.image);
    // The raw expressions, so one instance cannot read a different variable than the other.
    expect(environmentOf(second)).toEqual(environmentOf(first));
    expect(environmentOf(first)['JWT_SECRET']).toMatch(/^\$\{JWT_SECRET[:?}]/);
    expect(environmentOf(first)['SECRETS_KEY']).toMatch(/^\$\{SECRETS_KEY[:?}]/);
  });

  it('starts the load balancer on deploy/nginx.conf once both API instances are healthy', () => {
    const lb = services['lb'];
    expect(lb.image).toMatch(/^nginx:/);
    const mount = bindMounts(lb).find((m) => m.target === '/etc/nginx/nginx.conf');
    expect(mount).toBeDefined();
    expect(resolve(ROOT, mount!.source)).toBe(resolve(ROOT, 'deploy/nginx.conf'));
    expect(mount!.readOnly).toBe(true);
    expect(dependencyConditions(lb)).toEqual(
      expect.objectContaining({ 'api-1': 'service_healthy', 'api-2': 'service_healthy' }),
    );
  });

  it('publishes the port nginx listens on', () => {
    const listening = directives(nginx, 'listen').map((value) => Number(value.split(/\s+/)[0]));
    const published = containerPorts(services['lb']);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(listening).toContain(port);
  });

  it('only passes variables the app documents in CONFIG_VARIABLES (or the postgres image reads)', () => {
    const fromEnvironment = [...new Set(stringValues(compose).flatMap(variablesIn))];
    expect(fromEnvironment).toContain('JWT_SECRET');
    expect(
      fromEnvironment.filter((v) => !documented.has(v) && !POSTGRES_IMAGE_VARIABLES.test(v)),
    ).toEqual([]);
    const passedToApi = API_SERVICES.flatMap((name) => Object.keys(environmentOf(services[name])));
    expect(passedToApi.length).toBeGreaterThan(0);
    expect(passedToApi.filter((v) => !documented.has(v))).toEqual([]);
  });
});

describe('deploy/nginx.conf', () => {
  const upstreamMatch = /\bupstream\s+([\w-]+)\s*\{([^{}]*)\}/.exec(nginx);
  const upstreamName = upstreamMatch?.[1] ?? '';
  const upstream = upstreamMatch?.[2] ?? '';

  it('balances over both API instances on the port the app listens on', () => {
    const port = apiPort(environmentOf(services['api-1'] ?? {}));
    const servers = directives(upstream, 'server').map((value) => value.split(/\s+/)[0]);
    expect(servers.sort()).toEqual(API_SERVICES.map((name) => `${name}:${port}`));
  });

  it('keeps each client on one instance, as socket.io sessions need', () => {
    expect(upstream).toMatch(/^\s*(ip_hash|hash\s+\S+(\s+consistent)?|sticky\b[^;]*);/m);
  });

  it('has the shared zone and resolver that `server … resolve` needs', () => {
    const resolving = directives(upstream, 'server').some((value) => /\bresolve\b/.test(value));
    const hasZoneAndResolver =
      directives(upstream, 'zone').length === 1 && directives(nginx, 'resolver').length > 0;
    expect(!resolving || hasZoneAndResolver).toBe(true);
  });

  it('sends every request to that upstream, health checks included', () => {
    const targets = directives(nginx, 'proxy_pass');
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target).toBe(`http://${upstreamName}`);
    expect(block(nginx, /location\s+(=|\^~)\s+\/api\/health/)).toMatch(/proxy_pass\s+http:\/\//);
  });

  it('passes websocket upgrades', () => {
    expect(directives(nginx, 'proxy_http_version')).toContain('1.1');
    expect(directives(nginx, 'proxy_set_header')).toEqual(
      expect.arrayContaining(['Upgrade $http_upgrade', 'Connection $connection_upgrade']),
    );
    const map = block(nginx, /map\s+\$http_upgrade\s+\$connection_upgrade/);
    expect(map).toMatch(/default\s+upgrade;/);
  });

  it('lets a quiet socket.io connection stay open', () => {
    const socketIo = block(nginx, /location\s+\/socket\.io\//) ?? nginx;
    const timeouts = directives(socketIo, 'proxy_read_timeout').map(seconds);
    expect(Math.max(0, ...timeouts)).toBeGreaterThanOrEqual(3600);
  });

  it('forwards the client address and scheme', () => {
    const headers = directives(nginx, 'proxy_set_header');
    expect(
      headers.some((h) => /^X-Forwarded-For\s+\$(remote_addr|proxy_add_x_forwarded_for)$/.test(h)),
    ).toBe(true);
    expect(headers.some((h) => /^X-Forwarded-Proto\s+\$scheme$/.test(h))).toBe(true);
  });

  it('accepts the same body size as the API', () => {
    const limits = directives(nginx, 'client_max_body_size');
    expect(limits).toHaveLength(1);
    expect(bytes(limits[0])).toBe(bytes(BODY_LIMIT));
  });
});

describe('Dockerfile', () => {
  const last = (keyword: string) => runtimeStage.filter((i) => i.keyword === keyword).pop()?.args;

  it('has a runtime stage', () => {
    expect(runtimeStage[0]?.keyword).toBe('FROM');
    expect(runtimeStage[0]?.args).toMatch(/\S/);
  });

  it('runs as a user other than root', () => {
    expect(last('USER')).toBeDefined();
    expect(last('USER')).not.toMatch(/^(root|0)(:|$)/);
  });

  it('runs the built API in production mode on port 3000', () => {
    expect(last('EXPOSE')?.split(/\s+/)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^3000(\/tcp)?$/)]),
    );
    expect(dockerEnv(runtimeStage)['NODE_ENV']).toBe('production');
    expect(apiPort({})).toBe(3000);
    expect(JSON.parse(last('CMD') ?? 'null')).toEqual(['node', 'apps/api/dist/main.js']);
  });

  it('checks /api/health', () => {
    expect(last('HEALTHCHECK')).toContain('/api/health');
  });

  it('ships the built web app', () => {
    expect(read('Dockerfile')).toContain('apps/web/dist');
  });
});

describe('.dockerignore', () => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('keeps host installs, builds, local data and secrets out of the image', () => {
    expect(patterns).toEqual(
      expect.arrayContaining(['**/node_modules', '**/dist', '**/.data', '.git', '.env']),
    );
  });
});
