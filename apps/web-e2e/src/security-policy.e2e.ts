import type { Browser } from 'playwright-core';
import { startArenaServer, type ArenaServer } from './arena-server';
import { chromiumAvailable, launchChromium } from './chromium';
import { CspViolations } from './csp-violations';

describe.skipIf(!chromiumAvailable)('the Content-Security-Policy, in a browser', () => {
  let server: ArenaServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startArenaServer(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('reports a violation when a page breaks its policy (the watcher the other tests rely on)', async () => {
    const context = await browser.newContext();
    const csp = new CspViolations();
    await csp.watch(context);
    await context.route('http://csp.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': "script-src 'self'" },
        body: '<!doctype html><p>x</p><script>document.title = "ran"</script>',
      }),
    );
    const page = await context.newPage();
    await page.goto('http://csp.test/');
    await expect.poll(() => csp.seen.length).toBeGreaterThan(0);
    expect(await page.title()).not.toBe('ran');
    await context.close();
  });

  it('renders the API docs (Swagger UI) under their own policy without a violation', async () => {
    const context = await browser.newContext();
    const csp = new CspViolations();
    await csp.watch(context);
    const page = await context.newPage();
    const response = await page.goto(`${server.baseUrl}/api/docs`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { name: /Arena API/ }).waitFor();
    await page.getByText('/api/auth/login', { exact: true }).first().waitFor();
    expect(csp.seen).toEqual([]);
    await context.close();
  });
});
