import type { Contest, CreatedDisplay, SignupResponse, User } from '@arena/contracts';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startArenaServer, type ArenaServer } from './arena-server';
import { chromiumAvailable, launchChromium } from './chromium';
import { CspViolations } from './csp-violations';
import { screenshotDir } from './screenshots';

/** Where the tests leave screenshots for people to look at (see screenshots.ts). */
const screenshots = screenshotDir();
const webDist = resolve(__dirname, '../../web/dist');
const PASSWORD = 'tv-wall-password';
const REVOKED = 'This display was disconnected by an admin.';

const REPS = [
  'Maya Rossi',
  'Sofia Lindqvist',
  'Omar Haddad',
  'Jonas Becker',
  'Aiko Tanaka',
  'Lucas Moreau',
  'Priya Raman',
  'Kofi Mensah',
  'Elena Petrova',
];

/** What the wall took over the screen with, recorded in the page as each take-over appears. */
type SeenTakeOver = { kind: string; text: string };

describe.skipIf(!chromiumAvailable)('the TV wall, on a display token', () => {
  let server: ArenaServer;
  let browser: Browser;
  let admin: string;
  let contest: Contest;
  let reps: User[];
  const contexts: BrowserContext[] = [];
  // Every wall of these tests runs under the server's Content-Security-Policy (helmet).
  const csp = new CspViolations();

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const log = (rep: User, type: string, quantity = 1) =>
    api('POST', '/activities', { userId: rep.id, type, quantity });

  async function createDisplay(name: string): Promise<CreatedDisplay> {
    return api<CreatedDisplay>('POST', '/displays', {
      name,
      playlist: [{ contestId: contest.id, screen: 'leaderboard' }],
      rotationSeconds: 300,
    });
  }

  /** A TV: a fresh browser profile that opens the display's link. */
  async function openWall(display: CreatedDisplay, width = 1920, height = 1080): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
    contexts.push(context);
    await csp.watch(context);
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: SeenTakeOver[] = [];
      (window as unknown as { takeOvers: SeenTakeOver[] }).takeOvers = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof HTMLElement && node.dataset.testid === 'celebration') {
              seen.push({ kind: node.dataset.kind ?? '', text: node.textContent ?? '' });
            }
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.baseUrl}${display.url}`);
    return page;
  }

  const board = (page: Page) => page.getByRole('list', { name: 'Participants by rank' });
  const leaderOf = (page: Page) =>
    board(page).getByRole('listitem').first().getAttribute('data-participant');

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    [server, browser] = await Promise.all([startArenaServer(), launchChromium()]);
    const signup = await fetch(`${server.baseUrl}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        orgName: 'Northwind Sales',
        adminName: 'Nora Admin',
        adminEmail: 'nora@northwind.test',
        adminPassword: PASSWORD,
      }),
    }).then((response) => response.json() as Promise<SignupResponse>);
    admin = signup.accessToken;
    reps = [];
    for (const [index, name] of REPS.entries()) {
      reps.push(
        await api<User>('POST', '/users', {
          name,
          email: `rep${index}@northwind.test`,
          role: 'rep',
          password: PASSWORD,
        }),
      );
    }
    const now = Date.now();
    const draft = await api<Contest>('POST', '/contests', {
      name: 'December Deal Dash',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 3 * 86_400_000).toISOString(),
      participantIds: reps.map((rep) => rep.id),
      rules: [
        { activityType: 'call', pointsPerUnit: 10 },
        { activityType: 'demo', pointsPerUnit: 50 },
        { activityType: 'deal_won', pointsPerUnit: 100 },
      ],
      goalPoints: 2000,
    });
    contest = await api<Contest>('POST', `/contests/${draft.id}/publish`);
    // Everyone on the board, in a clear order: the first rep leads.
    await api('POST', '/activities/batch', {
      activities: reps.map((rep, index) => ({
        userId: rep.id,
        type: 'call',
        quantity: (REPS.length - index) * 7,
      })),
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('shows the live board full-screen at 1920×1080 and 3840×2160, and keeps working after a reload', async () => {
    const display = await createDisplay('Sales floor TV');
    const page = await openWall(display);
    await board(page).getByRole('listitem').nth(7).waitFor();
    expect(await leaderOf(page)).toBe(reps[0].id);
    // The token left the address bar; the corner names the org and the display.
    expect(page.url()).not.toContain('token');
    await page.getByText('Northwind Sales').waitFor();
    await page.getByText('Sales floor TV').waitFor();

    // Live: Elena (9th, off the board) demos her way onto it at 7th; the ticker says so.
    await log(reps[8], 'demo', 3);
    await log(reps[3], 'call', 2);
    await board(page).locator(`li[data-participant="${reps[8].id}"][data-rank="7"]`).waitFor();
    await page
      .getByRole('marquee')
      .getByText(/Elena Petrova · 3 demos/)
      .first()
      .waitFor();

    for (const [width, height, file] of [
      [1920, 1080, 'tv-1080p.png'],
      [3840, 2160, 'tv-4k.png'],
    ] as const) {
      await page.setViewportSize({ width, height });
      // Nothing scrolls, and the last row sits above the ticker strip.
      const fits = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('li[data-participant]')];
        const strip = document.querySelector('[role="marquee"]')!.getBoundingClientRect();
        const last = rows[rows.length - 1].getBoundingClientRect();
        return {
          scrolls: document.documentElement.scrollHeight > window.innerHeight,
          lastBottom: last.bottom,
          stripTop: strip.top,
        };
      });
      expect(fits.scrolls).toBe(false);
      expect(fits.lastBottom).toBeLessThanOrEqual(fits.stripTop);
      // Once the rows have finished gliding.
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLElement>('li[data-participant]')].every(
          (row) => row.style.transform === '' || row.style.transform === 'none',
        ),
      );
      await page.screenshot({ path: `${screenshots}/${file}` });
    }

    // A reload (the token now only in this browser's storage) shows the same board.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.reload();
    await board(page).getByRole('listitem').nth(7).waitFor();
  });

  it('takes over the screen within 2 s of a deal won, then a flood of 30 deals in 10 s becomes a summary', async () => {
    const display = await createDisplay('Deal bell TV');
    const page = await openWall(display);
    await board(page).getByRole('listitem').first().waitFor();
    const takeOver = page.getByTestId('celebration');

    const loggedAt = Date.now();
    await log(reps[2], 'deal_won');
    await takeOver.getByText('Omar Haddad won a deal!').waitFor({ timeout: 5_000 });
    expect(Date.now() - loggedAt).toBeLessThan(2_000);
    // Once it has faded in (the confetti still flying).
    await page.waitForFunction(
      () =>
        getComputedStyle(document.querySelector('[data-testid="celebration"]')!).opacity === '1',
    );
    await page.screenshot({ path: `${screenshots}/tv-celebration.png` });
    await takeOver.waitFor({ state: 'detached', timeout: 10_000 });

    // 30 deals, one every ~330 ms: the pause paces the input (the flood is the scenario), it
    // waits for nothing.
    await page.evaluate(() => {
      (window as unknown as { takeOvers: SeenTakeOver[] }).takeOvers.length = 0;
    });
    const started = Date.now();
    for (let deal = 0; deal < 30; deal += 1) {
      await log(reps[deal % 3], 'deal_won');
      const next = started + (deal + 1) * 333;
      await new Promise((wait) => setTimeout(wait, Math.max(0, next - Date.now())));
    }
    // Every deal is told — one by one or within a summary — and far fewer than 30 take-overs.
    const told = async () => {
      const seen = await page.evaluate(
        () => (window as unknown as { takeOvers: SeenTakeOver[] }).takeOvers,
      );
      const count = seen.reduce(
        (sum, item) =>
          sum + (item.kind === 'summary' ? Number(/(\d+) deals won/.exec(item.text)?.[1]) : 1),
        0,
      );
      return { seen, count };
    };
    await expect.poll(async () => (await told()).count, { timeout: 30_000 }).toBe(30);
    const { seen } = await told();
    expect(seen.some((item) => item.kind === 'summary')).toBe(true);
    expect(seen.length).toBeLessThanOrEqual(5);
    const summary = seen.find((item) => item.kind === 'summary')!;
    expect(summary.text).toMatch(/\d+ deals won in the last minute!/);
  }, 60_000);

  it('rides out an API restart: offline badge, then back on the right board by itself', async () => {
    const display = await createDisplay('Restart TV');
    const page = await openWall(display);
    await board(page).getByRole('listitem').nth(7).waitFor();
    expect(await leaderOf(page)).toBe(reps[0].id);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    const restarted = server.restart();
    await page
      .getByRole('status')
      .getByText(/^Offline since \d\d:\d\d$/)
      .waitFor();
    await restarted;
    // While it was away, Kofi took the lead.
    await log(reps[7], 'demo', 100);
    await expect.poll(() => leaderOf(page), { timeout: 30_000 }).toBe(reps[7].id);
    await page
      .getByRole('status')
      .getByText(/Offline since/)
      .waitFor({ state: 'detached' });
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    // Still live after the restart.
    await log(reps[6], 'demo', 200);
    await expect.poll(() => leaderOf(page), { timeout: 10_000 }).toBe(reps[6].id);
  }, 90_000);

  it('reloads itself when the server comes back with a new release of the web app', async () => {
    const display = await createDisplay('Release TV');
    const page = await openWall(display);
    await board(page).getByRole('listitem').first().waitFor();
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    // The same build with a different index.html: a different `release`.
    const nextRelease = mkdtempSync(join(tmpdir(), 'arena-tv-release-'));
    try {
      cpSync(webDist, nextRelease, { recursive: true });
      appendFileSync(join(nextRelease, 'index.html'), '\n<!-- the next release -->\n');
      await server.restart({ WEB_DIST: nextRelease });
      await page.waitForFunction(
        () => (window as unknown as { notReloaded?: boolean }).notReloaded === undefined,
        undefined,
        { timeout: 30_000 },
      );
      await board(page).getByRole('listitem').first().waitFor();
      expect(await page.getByRole('status').count()).toBe(0);
    } finally {
      await server.restart({ WEB_DIST: webDist });
      rmSync(nextRelease, { recursive: true, force: true });
    }
  }, 90_000);

  it('shows the disconnected screen when an admin revokes the display, and stays there', async () => {
    const display = await createDisplay('Revoked TV');
    const page = await openWall(display);
    await board(page).getByRole('listitem').first().waitFor();
    const revokedAt = Date.now();
    await api('DELETE', `/displays/${display.display.id}`);
    await page.getByRole('alert').getByText(REVOKED).waitFor({ timeout: 5_000 });
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    expect(await board(page).count()).toBe(0);
    // Opened again, it knows at once (a 401 from /api/display) and does not retry.
    await page.reload();
    await page.getByRole('alert').getByText(REVOKED).waitFor({ timeout: 5_000 });
  });

  it('ran every wall without a Content-Security-Policy violation', () => {
    expect(csp.seen).toEqual([]);
  });
});
