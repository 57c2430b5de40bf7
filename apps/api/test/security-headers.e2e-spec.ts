import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './test-app';

/** Issue 11.21: helmet's headers on the web app, the API and the docs. */
describe('security headers', () => {
  let t: TestApp;
  // A stand-in web build, so the static web app is served as in production.
  const webDist = mkdtempSync(join(tmpdir(), 'arena-web-'));

  beforeAll(async () => {
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Arena</title>');
    t = await startTestApp({ WEB_DIST: webDist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  const directives = (header: string | undefined) =>
    new Map(
      (header ?? '')
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...values]) => [name, values]),
    );

  function expectCommonHeaders(headers: Record<string, string | undefined>) {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-powered-by']).toBeUndefined();
  }

  it('sends a strict policy with the web app', async () => {
    const res = await request(t.server).get('/').expect(200);
    expect(res.text).toContain('<title>Arena</title>');
    expectCommonHeaders(res.headers);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });

  it('sends them with API answers, errors included', async () => {
    const health = await request(t.server).get('/api/health').expect(200);
    expectCommonHeaders(health.headers);
    expect(directives(health.headers['content-security-policy']).get('script-src')).toEqual([
      "'self'",
    ]);
    const error = await request(t.server).post('/api/auth/login').send({}).expect(400);
    expectCommonHeaders(error.headers);
  });

  it('lets the API docs use inline styles, and nothing else more', async () => {
    const docs = await request(t.server).get('/api/docs').redirects(1).expect(200);
    expect(docs.text).toContain('swagger-ui');
    expectCommonHeaders(docs.headers);
    const csp = directives(docs.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
