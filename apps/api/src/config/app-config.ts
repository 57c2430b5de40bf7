import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import proxyaddr from 'proxy-addr';

/**
 * The typed, validated configuration read once at boot. Every variable has a default, a
 * description and a secrecy flag; the README's configuration table is this list.
 */
export interface ConfigVariable {
  name: string;
  description: string;
  default: string;
  secret: boolean;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  {
    name: 'PORT',
    description: 'HTTP port for the web app, API and websockets',
    default: '3000',
    secret: false,
  },
  {
    name: 'HOST',
    description:
      'Address to listen on: loopback by default (this machine only); 0.0.0.0 or :: for every interface (production mode)',
    default: '127.0.0.1',
    secret: false,
  },
  {
    name: 'NODE_ENV',
    description:
      'production turns production mode on (as does a HOST other than loopback): no demo, and sign-up closed by default',
    default: '(unset)',
    secret: false,
  },
  {
    name: 'DATABASE_URL',
    description: 'PostgreSQL connection URL; when unset an embedded PostgreSQL runs in DATA_DIR',
    default: '(embedded)',
    secret: true,
  },
  {
    name: 'DATA_DIR',
    description: 'Where the embedded database and generated secrets live',
    default: './.data',
    secret: false,
  },
  {
    name: 'REDIS_URL',
    description: 'Redis URL to share live updates and rate limits between API instances',
    default: '(none: single instance)',
    secret: true,
  },
  {
    name: 'JWT_SECRET',
    description:
      'Secret that signs access tokens (at least 32 characters); generated into DATA_DIR/jwt-secret when unset',
    default: '(generated)',
    secret: true,
  },
  {
    name: 'SECRETS_KEY',
    description:
      'Key (at least 32 characters) that encrypts connection credentials at rest; generated into DATA_DIR/secrets-key when unset. Keep it with backups: credentials cannot be read without it',
    default: '(generated)',
    secret: true,
  },
  {
    name: 'PUBLIC_URL',
    description:
      'The address people and CRMs reach Arena at (e.g. https://arena.example.com), used in webhook URLs and to check HubSpot signatures; by default the address each request came to',
    default: '(from the request)',
    secret: false,
  },
  {
    name: 'DB_POOL_SIZE',
    description: 'Most PostgreSQL connections one API instance keeps open',
    default: '20',
    secret: false,
  },
  {
    name: 'DB_CONNECT_TIMEOUT_MS',
    description:
      'How long a request waits for a database connection (from the pool, or a new one) before it answers 503',
    default: '5000',
    secret: false,
  },
  {
    name: 'DB_QUERY_TIMEOUT_MS',
    description:
      'Client-side limit on one query; catches a database that accepts but never answers (paused, partitioned); 503 after it',
    default: '20000',
    secret: false,
  },
  {
    name: 'DB_STATEMENT_TIMEOUT_MS',
    description: "PostgreSQL's statement_timeout for the app's sessions; 503 after it",
    default: '15000',
    secret: false,
  },
  {
    name: 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
    description:
      "PostgreSQL's idle_in_transaction_session_timeout: a transaction left open by a stalled instance stops holding locks after it",
    default: '30000',
    secret: false,
  },
  {
    name: 'DEMO',
    description:
      'Create the demo organisation and simulated activity on the embedded database (0 turns it off; refused in production mode, where `npm run demo:remove` deletes it)',
    default: '1 (0 in production mode)',
    secret: false,
  },
  {
    name: 'LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent',
    default: 'info',
    secret: false,
  },
  {
    name: 'SIGNUP_RATE_LIMIT',
    description:
      'Organisation sign-ups (POST /api/orgs) allowed per client address per 10 minutes; more answer 429',
    default: '5',
    secret: false,
  },
  {
    name: 'SIGNUP',
    description:
      'open: anyone who reaches the server may create an organisation (POST /api/orgs); closed: only the first one, on an empty database (then 403 signup_closed)',
    default: 'open (closed in production mode)',
    secret: false,
  },
  {
    name: 'TRUST_PROXY',
    description:
      'Proxies whose X-Forwarded-For is believed: a hop count (1 = the load balancer in front), or comma-separated addresses/CIDRs (also loopback, linklocal, uniquelocal); off trusts none',
    default: 'off',
    secret: false,
  },
  {
    name: 'LIVE_SOCKETS_PER_ADDRESS',
    description:
      'Live (socket.io) connections one client address may hold open at once; a sales floor behind one NAT address shares it',
    default: '1500',
    secret: false,
  },
  {
    name: 'LIVE_CONNECTS_PER_SECOND',
    description:
      'Live connection attempts one client address may make per second (a token bucket of this size); refused clients are told when to retry',
    default: '200',
    secret: false,
  },
  {
    name: 'LIVE_EVENTS_PER_SOCKET',
    description:
      'Messages one live connection may send per 10 s; a connection that sends more is told so and disconnected',
    default: '100',
    secret: false,
  },
  {
    name: 'LIVE_HANDSHAKES',
    description:
      'Live handshake authentications (token check and database read) run at once; others wait up to 10 s, then are refused as busy',
    default: '8',
    secret: false,
  },
  {
    name: 'WEB_DIST',
    description: 'Folder of the built web app served at /',
    default: 'apps/web/dist',
    secret: false,
  },
];

export class ConfigError extends Error {}

/** The config object; also the Nest injection token for it. */
export abstract class AppConfig {
  abstract readonly port: number;
  abstract readonly host: string;
  /** NODE_ENV=production or a HOST other than loopback: the server faces other people. */
  abstract readonly production: boolean;
  abstract readonly signup: SignupPolicy;
  abstract readonly databaseUrl: string | undefined;
  abstract readonly dataDir: string;
  abstract readonly redisUrl: string | undefined;
  abstract readonly jwtSecret: string;
  /** Encrypts connection credentials at rest (SECRETS_KEY). */
  abstract readonly secretsKey: string;
  /** PUBLIC_URL without a trailing slash, or undefined (then: the request's own address). */
  abstract readonly publicUrl: string | undefined;
  abstract readonly demo: boolean;
  abstract readonly logLevel: string;
  abstract readonly webDist: string;
  abstract readonly signupRateLimit: number;
  /** Express `trust proxy`: `false` (the peer is the client), a hop count, or trusted addresses. */
  abstract readonly trustProxy: TrustProxy;
  abstract readonly database: DatabaseLimits;
  /** Budgets of the `/live` namespace (LIVE_* variables). */
  abstract readonly liveBudgets: LiveBudgetsConfig;
}

export interface LiveBudgetsConfig {
  socketsPerAddress: number;
  connectsPerSecond: number;
  eventsPerSocket: number;
  handshakes: number;
}

export type TrustProxy = false | number | string[];

export type SignupPolicy = 'open' | 'closed';

/** Bounds on every database call, so an outage answers 503 in bounded time instead of hanging. */
export interface DatabaseLimits {
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

/** The defaults of CONFIG_VARIABLES, for tools that open a data source without a config. */
export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = {
  poolSize: 20,
  connectTimeoutMs: 5000,
  queryTimeoutMs: 20000,
  statementTimeoutMs: 15000,
  idleInTransactionTimeoutMs: 30000,
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };

  const portRaw = value('PORT') ?? '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port > 65535)
    problems.push(`PORT must be a whole number from 0 to 65535, got "${portRaw}"`);

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  const redisUrl = value('REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must start with redis:// or rediss://');

  const host = value('HOST') ?? '127.0.0.1';
  if (host !== 'localhost' && isIP(host) === 0)
    problems.push(
      `HOST must be an IP address (127.0.0.1, 0.0.0.0, ::) or localhost, got "${host}"`,
    );
  const production = value('NODE_ENV') === 'production' || !isLoopback(host);
  const productionWhy =
    value('NODE_ENV') === 'production' ? 'NODE_ENV=production' : `HOST=${host} is not loopback`;

  const demoRaw = (value('DEMO') ?? (production ? '0' : '1')).toLowerCase();
  if (!['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(demoRaw)) {
    problems.push(`DEMO must be 0 or 1, got "${demoRaw}"`);
  }
  const demo = ['1', 'true', 'yes', 'on'].includes(demoRaw);
  if (demo && production)
    problems.push(
      `DEMO=1 is refused in production mode (${productionWhy}): the demo's passwords are published. Unset DEMO, or run on loopback without NODE_ENV=production`,
    );

  const signup = (value('SIGNUP') ?? (production ? 'closed' : 'open')).toLowerCase();
  if (signup !== 'open' && signup !== 'closed')
    problems.push(`SIGNUP must be open or closed, got "${signup}"`);

  const logLevel = value('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const jwtSecretEnv = value('JWT_SECRET');
  if (jwtSecretEnv !== undefined && jwtSecretEnv.length < 32)
    problems.push('JWT_SECRET must be at least 32 characters');

  const secretsKeyEnv = value('SECRETS_KEY');
  if (secretsKeyEnv !== undefined && secretsKeyEnv.length < 32)
    problems.push('SECRETS_KEY must be at least 32 characters');
  const publicUrl = value('PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl))
    problems.push(`PUBLIC_URL must be an http:// or https:// address, got "${publicUrl}"`);

  const signupRaw = value('SIGNUP_RATE_LIMIT') ?? '5';
  const signupRateLimit = Number(signupRaw);
  if (!/^\d+$/.test(signupRaw) || signupRateLimit < 1)
    problems.push(`SIGNUP_RATE_LIMIT must be a whole number of at least 1, got "${signupRaw}"`);
  const trustProxy = parseTrustProxy(value('TRUST_PROXY'), problems);
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed < min || parsed > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return parsed;
  };
  const limits = DEFAULT_DATABASE_LIMITS;
  const database: DatabaseLimits = {
    poolSize: whole('DB_POOL_SIZE', limits.poolSize, 1, 1000),
    connectTimeoutMs: whole('DB_CONNECT_TIMEOUT_MS', limits.connectTimeoutMs, 100, 600_000),
    queryTimeoutMs: whole('DB_QUERY_TIMEOUT_MS', limits.queryTimeoutMs, 100, 3_600_000),
    statementTimeoutMs: whole('DB_STATEMENT_TIMEOUT_MS', limits.statementTimeoutMs, 100, 3_600_000),
    idleInTransactionTimeoutMs: whole(
      'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      limits.idleInTransactionTimeoutMs,
      100,
      3_600_000,
    ),
  };

  const positive = (name: string, fallback: number): number => {
    const raw = value(name) ?? String(fallback);
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      problems.push(`${name} must be a whole number of at least 1, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const liveBudgets: LiveBudgetsConfig = {
    socketsPerAddress: positive('LIVE_SOCKETS_PER_ADDRESS', 1500),
    connectsPerSecond: positive('LIVE_CONNECTS_PER_SECOND', 200),
    eventsPerSocket: positive('LIVE_EVENTS_PER_SOCKET', 100),
    handshakes: positive('LIVE_HANDSHAKES', 8),
  };

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }

  const dataDir = resolve(cwd, value('DATA_DIR') ?? '.data');
  return {
    port,
    host,
    production,
    signup: signup as SignupPolicy,
    databaseUrl,
    dataDir,
    redisUrl,
    jwtSecret: jwtSecretEnv ?? readOrCreateSecret(dataDir, 'jwt-secret'),
    secretsKey: secretsKeyEnv ?? readOrCreateSecret(dataDir, 'secrets-key'),
    publicUrl,
    demo,
    logLevel,
    webDist: resolve(cwd, value('WEB_DIST') ?? 'apps/web/dist'),
    signupRateLimit,
    trustProxy,
    database,
    liveBudgets,
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * Off unless configured: believing X-Forwarded-For from any private peer would let a client pick
 * its own address, and with it a fresh rate-limit budget per request.
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || ['off', 'false', 'no', '0'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(entries);
    return entries;
  } catch {
    problems.push(
      `TRUST_PROXY must be off, a hop count, or comma-separated addresses/CIDRs, got "${raw}"`,
    );
    return false;
  }
}

/** A secret generated on first start and kept (owner-only) in the data dir, so tokens survive restarts. */
function readOrCreateSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
