import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  const made: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-config-'));
    made.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('has a default for everything, and generates a JWT secret it keeps in the data dir', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      demo: true,
      logLevel: 'info',
      dataDir: dir,
      signupRateLimit: 5,
      host: '127.0.0.1',
      production: false,
      signup: 'open',
    });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/arena',
      DATA_DIR: dataDir(),
      REDIS_URL: 'redis://cache:6379',
      JWT_SECRET: 's'.repeat(40),
      DEMO: '0',
      LOG_LEVEL: 'warn',
      WEB_DIST: '/srv/web',
      DB_POOL_SIZE: '8',
      DB_CONNECT_TIMEOUT_MS: '2000',
      DB_QUERY_TIMEOUT_MS: '9000',
      DB_STATEMENT_TIMEOUT_MS: '7000',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '12000',
      SIGNUP_RATE_LIMIT: '50',
      LIVE_SOCKETS_PER_ADDRESS: '3000',
      LIVE_CONNECTS_PER_SECOND: '50',
      LIVE_EVENTS_PER_SOCKET: '40',
      LIVE_HANDSHAKES: '4',
    });
    expect(config).toMatchObject({
      database: {
        poolSize: 8,
        connectTimeoutMs: 2000,
        queryTimeoutMs: 9000,
        statementTimeoutMs: 7000,
        idleInTransactionTimeoutMs: 12000,
      },
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/arena',
      redisUrl: 'redis://cache:6379',
      jwtSecret: 's'.repeat(40),
      demo: false,
      logLevel: 'warn',
      webDist: '/srv/web',
      signupRateLimit: 50,
      liveBudgets: {
        socketsPerAddress: 3000,
        connectsPerSecond: 50,
        eventsPerSocket: 40,
        handshakes: 4,
      },
    });
    expect(CONFIG_VARIABLES.map((variable) => variable.name).sort()).toEqual([
      'DATABASE_URL',
      'DATA_DIR',
      'DB_CONNECT_TIMEOUT_MS',
      'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      'DB_POOL_SIZE',
      'DB_QUERY_TIMEOUT_MS',
      'DB_STATEMENT_TIMEOUT_MS',
      'DEMO',
      'HOST',
      'JWT_SECRET',
      'LIVE_CONNECTS_PER_SECOND',
      'LIVE_EVENTS_PER_SOCKET',
      'LIVE_HANDSHAKES',
      'LIVE_SOCKETS_PER_ADDRESS',
      'LOG_LEVEL',
      'NODE_ENV',
      'PORT',
      'PUBLIC_URL',
      'REDIS_URL',
      'SECRETS_KEY',
      'SIGNUP',
      'SIGNUP_RATE_LIMIT',
      'TRUST_PROXY',
      'WEB_DIST',
    ]);
  });

  it('is in production mode with NODE_ENV=production or a HOST other than loopback: no demo, sign-up closed', () => {
    const read = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env });
    const productionEnvs: Record<string, string>[] = [
      { NODE_ENV: 'production' },
      { HOST: '0.0.0.0' },
      { HOST: '::' },
    ];
    for (const env of productionEnvs) {
      expect(read(env)).toMatchObject({ production: true, demo: false, signup: 'closed' });
    }
    for (const HOST of ['127.0.0.1', '::1', 'localhost']) {
      expect(read({ HOST })).toMatchObject({ host: HOST, production: false, demo: true });
    }
    expect(read({ NODE_ENV: 'production', SIGNUP: 'open' }).signup).toBe('open');
    expect(read({ SIGNUP: 'closed' }).signup).toBe('closed');
    expect(() => read({ HOST: '0.0.0.0', DEMO: '1' })).toThrow(
      'DEMO=1 is refused in production mode (HOST=0.0.0.0 is not loopback)',
    );
    expect(() => read({ NODE_ENV: 'production', DEMO: '1' })).toThrow(
      /DEMO=1 is refused in production mode \(NODE_ENV=production\)/,
    );
    expect(() => read({ SIGNUP: 'invite' })).toThrow('SIGNUP must be open or closed, got "invite"');
    expect(() => read({ HOST: 'example.com' })).toThrow(/HOST must be an IP address/);
  });

  it('refuses live budgets that are not whole numbers of at least 1', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), LIVE_EVENTS_PER_SOCKET: '0' })).toThrow(
      'LIVE_EVENTS_PER_SOCKET must be a whole number of at least 1, got "0"',
    );
    expect(() => loadConfig({ DATA_DIR: dataDir(), LIVE_HANDSHAKES: 'many' })).toThrow(ConfigError);
  });

  it('trusts no proxy unless told, and reads hop counts and address lists', () => {
    const read = (TRUST_PROXY?: string) =>
      loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY }).trustProxy;
    expect(read()).toBe(false);
    expect(read('off')).toBe(false);
    expect(read('1')).toBe(1);
    expect(read('10.0.0.0/8, loopback')).toEqual(['10.0.0.0/8', 'loopback']);
    expect(() => read('not-an-address')).toThrow(/TRUST_PROXY/);
  });

  it('fails fast with every problem listed', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'http://x',
        DEMO: 'maybe',
        LOG_LEVEL: 'loud',
        JWT_SECRET: 'short',
        DB_QUERY_TIMEOUT_MS: 'soon',
        SIGNUP_RATE_LIMIT: 'lots',
        DATA_DIR: dataDir(),
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DB_QUERY_TIMEOUT_MS must be a whole number/);
    expect(attempt).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*REDIS_URL[\s\S]*DEMO[\s\S]*LOG_LEVEL[\s\S]*JWT_SECRET[\s\S]*SIGNUP_RATE_LIMIT/,
    );
  });
});
