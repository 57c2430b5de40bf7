import type { Contest, SignupResponse, Page as ApiPage, User } from '@arena/contracts';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startArenaServer, type ArenaServer } from './arena-server';
import { chromiumAvailable, launchChromium } from './chromium';
import { CspViolations } from './csp-violations';
import { screenshotDir } from './screenshots';

/** Where the tests leave screenshots for people to look at (see screenshots.ts). */
const screenshots = screenshotDir();
const TIME_ZONE = 'Europe/Amsterdam';
const PASSWORD = 'race-day-password';

/** Wall-clock `YYYY-MM-DDTHH:mm` of an instant in a zone, as a datetime-local input wants it. */
function zonedLocal(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

describe.skipIf(!chromiumAvailable)('a contest race, in two browsers', () => {
  let server: ArenaServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    [server, browser] = await Promise.all([startArenaServer(), launchChromium()]);
  });

  afterAll(async () => {
    for (const context of [managerContext, repContext])
      await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  // Every page of these tests runs under the server's Content-Security-Policy (helmet).
  const csp = new CspViolations();

  async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    return json;
  }

  async function addPerson(page: Page, name: string, email: string) {
    const form = page.getByRole('form', { name: 'Add a person' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('rowheader', { name }).waitFor();
  }

  // One race told in steps, each its own test, so a failing step does not hide the ones after
  // it: they share the browsers and the organisation the first steps make.
  const day = 86_400_000;
  let managerContext: BrowserContext | undefined;
  let repContext: BrowserContext | undefined;
  let manager: Page;
  let rep: Page;
  let token: string;
  let nav: Locator;
  let maya: string;
  let sofia: string;
  let omar: string;
  let contestId: string;
  let board: Locator;
  let card: Locator;

  it('the manager signs the organisation up and adds three reps', async () => {
    managerContext = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      timezoneId: TIME_ZONE,
      locale: 'en-GB',
    });
    await csp.watch(managerContext);
    manager = await managerContext.newPage();

    // The manager signs their organisation up (its admin, who also runs the contests).
    await manager.goto(`${server.baseUrl}/signup`);
    await manager.getByLabel('Organisation name').fill('Northwind Sales');
    await manager.getByLabel('Time zone').selectOption(TIME_ZONE);
    await manager.getByLabel('Your name').fill('Nora Manager');
    await manager.getByLabel('Email').fill('nora@northwind.test');
    await manager.getByLabel('Password').fill(PASSWORD);
    await manager.getByRole('button', { name: /create/i }).click();
    await manager.getByRole('navigation', { name: 'Main' }).waitFor();
    token = (await manager.evaluate(() => localStorage.getItem('arena.accessToken')))!;
    expect(token).toBeTruthy();

    // …adds three reps on the People page…
    nav = manager.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Admin' }).click();
    await addPerson(manager, 'Maya Rep', 'maya@northwind.test');
    await addPerson(manager, 'Sofia Rep', 'sofia@northwind.test');
    await addPerson(manager, 'Omar Rep', 'omar@northwind.test');
    const people = await api<ApiPage<User>>(token, 'GET', '/users?limit=100');
    const idOf = (name: string) => people.items.find((user) => user.name === name)!.id;
    [maya, sofia, omar] = [idOf('Maya Rep'), idOf('Sofia Rep'), idOf('Omar Rep')];
  });

  it('the designer previews the contest on past activity beside the form, then publishes it', async () => {
    // Last weeks' log, for the preview: Sofia calls a lot, Omar books demos, Maya a bit of both.
    const past = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    await api(token, 'POST', '/activities/batch', {
      activities: [
        ...[3, 4, 5, 6].map((d) => ({
          userId: sofia,
          type: 'call',
          quantity: 12,
          occurredAt: past(d),
        })),
        ...[3, 5].map((d) => ({ userId: omar, type: 'demo', quantity: 2, occurredAt: past(d) })),
        { userId: maya, type: 'call', quantity: 5, occurredAt: past(4) },
        { userId: maya, type: 'meeting', quantity: 2, occurredAt: past(6) },
      ],
    });

    // The contest designer, with the live preview re-rendering beside the form.
    await nav.getByRole('link', { name: 'Contests' }).click();
    await manager.getByRole('link', { name: 'Design a contest' }).click();
    await manager.getByLabel('Name').fill('December Demo Dash');
    const now = new Date();
    const midnight = `${zonedLocal(now, TIME_ZONE).slice(0, 10)}T00:00`;
    await manager.getByLabel('Starts').fill(midnight);
    await manager.getByLabel('Ends').fill(zonedLocal(new Date(now.getTime() + 7 * day), TIME_ZONE));
    await manager.getByRole('button', { name: 'Select all' }).click();
    const rules = manager.getByTestId('rule-row');
    await rules.nth(0).getByLabel('Points per unit').fill('10');
    await rules.nth(0).getByLabel('Daily cap').fill('40');
    await manager.getByRole('button', { name: 'Add a rule' }).click();
    await rules.nth(1).getByLabel('Rule 2: activity').selectOption('meeting');
    await rules.nth(1).getByLabel('Points per unit').fill('25');
    await manager.getByRole('button', { name: 'Add a rule' }).click();
    await rules.nth(2).getByLabel('Rule 3: activity').selectOption('demo');
    await rules.nth(2).getByLabel('Points per unit').fill('50');
    await manager.getByLabel('Goal (points)').fill('200');

    const preview = manager.getByRole('list', { name: 'Preview leaderboard' });
    await preview.getByRole('listitem').nth(2).waitFor();
    await manager.getByText(/past activities scored/).waitFor();
    // Sofia's 48 calls count 40 a day at most… and at 10 points each she still leads.
    await expect
      .poll(() => preview.getByRole('listitem').first().getAttribute('data-participant'))
      .toBe(sofia);
    await manager.evaluate(async () => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo({ top: 0, behavior: 'instant' });
      await new Promise((frame) => requestAnimationFrame(() => frame(undefined)));
    });
    await manager.screenshot({
      path: `${screenshots}/contest-designer-preview.png`,
      fullPage: false,
    });

    await manager.getByRole('button', { name: 'Publish' }).click();
    await manager.waitForURL(/\/contests\/[0-9a-f-]{36}$/);
    contestId = manager.url().split('/').pop()!;
    const contest = await api<Contest>(token, 'GET', `/contests/${contestId}`);
    expect(contest.status).toBe('live');
  });

  it('the manager watches the live board; the rep signs in on a phone and sees their rank', async () => {
    // Sofia opens the race with a call, logged for her by the manager.
    await api(token, 'POST', '/activities', { userId: sofia, type: 'call', quantity: 1 });

    // The manager watches the live board; the marker shows the page is never reloaded.
    await manager.goto(`${server.baseUrl}/leaderboards/${contestId}`);
    await manager.getByRole('status').filter({ hasText: 'Updating live' }).waitFor();
    board = manager.getByRole('list', { name: 'Participants by rank' });
    await expect
      .poll(() => board.getByRole('listitem').first().getAttribute('data-participant'))
      .toBe(sofia);
    await manager.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    // The rep, on a phone, in a second browser context.
    repContext = await browser.newContext({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: TIME_ZONE,
      locale: 'en-GB',
    });
    await csp.watch(repContext);
    rep = await repContext.newPage();
    await rep.goto(`${server.baseUrl}/signin`);
    await rep.getByLabel('Email').fill('maya@northwind.test');
    await rep.getByLabel('Password').fill(PASSWORD);
    await rep.getByRole('button', { name: 'Sign in' }).click();
    card = rep.getByRole('article', { name: 'December Demo Dash' });
    await card.waitFor();
    await expect.poll(() => card.getByTestId('my-rank').textContent()).toMatch(/^2/);
  });

  it('a rep logs in two taps and the manager sees them take the lead live, without a reload', async () => {
    // The manager's board, watched from before the tap: framer-motion moves a gliding row with a
    // transform, so the screenshot is taken on the first frame that has one (mid-glide).
    const leaderboardShot = manager
      .waitForFunction(
        () =>
          [...document.querySelectorAll<HTMLElement>('li[data-participant]')].some(
            (row) => row.style.transform !== '' && row.style.transform !== 'none',
          ),
        undefined,
        { polling: 'raf', timeout: 15_000 },
      )
      .catch(() => undefined)
      .then(() => manager.screenshot({ path: `${screenshots}/leaderboard-live.png` }));

    // Two taps: the activity, then "Log".
    await card.getByRole('button', { name: /^Demo/ }).tap();
    await card.getByRole('button', { name: 'Log 1 demo (+50 pts)' }).tap();
    await card.getByText(/1 demo · logged/).waitFor();
    await expect.poll(() => card.getByTestId('my-rank').textContent()).toMatch(/^1/);
    // Once the points have finished counting up.
    await expect
      .poll(() => card.getByTestId('my-points').locator('[aria-hidden="true"]').textContent())
      .toBe('50');
    await rep.screenshot({ path: `${screenshots}/rep-home-375.png`, fullPage: true });

    // The manager's board moves Maya to the top without a reload.
    await leaderboardShot;
    await board.locator(`li[data-participant="${maya}"][data-rank="1"]`).waitFor();
    await expect
      .poll(() => board.getByRole('listitem').first().getAttribute('data-participant'))
      .toBe(maya);
    expect(
      await manager.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await expect.poll(() => board.getByText('▲1').count()).toBeGreaterThan(0);
  });

  it('undo voids the activity: Sofia leads again, still live', async () => {
    await card.getByRole('button', { name: 'Undo' }).tap();
    await card.getByText(/1 demo · undone/).waitFor();
    await expect
      .poll(() => board.getByRole('listitem').first().getAttribute('data-participant'))
      .toBe(sofia);
  });

  it("an award from the manager's board shows live in the rep's recognition feed", async () => {
    const feedPage = await repContext!.newPage();
    await feedPage.goto(`${server.baseUrl}/recognition`);
    const feed = feedPage.getByRole('feed', { name: 'Recognition feed' });
    // Empty until the award, so attached rather than visible; loaded once no longer busy.
    await feed.waitFor({ state: 'attached' });
    await expect.poll(() => feed.getAttribute('aria-busy')).toBe('false');
    await feedPage.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await board.getByRole('button', { name: 'Award Maya Rep' }).click();
    const dialog = manager.getByRole('dialog', { name: 'Recognise Maya Rep' });
    await dialog.getByRole('radio', { name: 'Deal Closer' }).check();
    await dialog.getByLabel('Message').fill('First demo of the dash: that is how it starts.');
    await dialog.getByLabel('Prize (optional)').fill('Team lunch');
    await manager.screenshot({ path: `${screenshots}/award-dialog.png` });
    await dialog.getByRole('button', { name: 'Award badge' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: 'Deal Closer awarded to Maya Rep' })
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await feed.getByRole('article', { name: 'Deal Closer for Maya Rep' }).waitFor();
    expect(
      await feedPage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await feedPage.getByText('Prize: Team lunch', { exact: false }).waitFor();
    await feedPage.waitForFunction(() =>
      [...document.querySelectorAll('main *')].every(
        (element) => getComputedStyle(element).opacity === '1',
      ),
    );
    await feedPage.screenshot({ path: `${screenshots}/recognition-feed-375.png`, fullPage: true });
    await feedPage.close();
  });

  it("the rep's card explains the points, and the board shows on the phone", async () => {
    // What the rep's "why do I have these points?" says, from the scores endpoint.
    await card.getByRole('button', { name: /Why do I have/ }).tap();
    await card.getByRole('table').waitFor();
    expect(await card.getByRole('table').isVisible()).toBe(true);

    // The same board on the rep's phone.
    await card.getByRole('link', { name: 'Leaderboard' }).tap();
    await rep
      .getByRole('list', { name: 'Participants by rank' })
      .getByRole('listitem')
      .nth(2)
      .waitFor();
    await rep.getByText('Updating live', { exact: true }).waitFor();
    expect(
      await rep
        .getByRole('list', { name: 'Participants by rank' })
        .getByRole('listitem')
        .first()
        .getAttribute('data-participant'),
    ).toBe(sofia);
    // Once the page has finished fading in.
    await rep.waitForFunction(() =>
      [...document.querySelectorAll('main *')].every(
        (element) => getComputedStyle(element).opacity === '1',
      ),
    );
    await rep.screenshot({ path: `${screenshots}/leaderboard-375.png` });
  });

  it("coaching shows the rep's start and end assessments beside what she did", async () => {
    await api(token, 'POST', '/activities/batch', {
      activities: [
        { userId: maya, type: 'call', quantity: 6 },
        { userId: maya, type: 'meeting', quantity: 2 },
        { userId: maya, type: 'deal_won', quantity: 1 },
      ],
    });
    const behaviours = await api<Array<{ id: string }>>(token, 'GET', '/behaviours');
    for (const [phase, base] of [
      ['start', 2],
      ['end', 3],
    ] as const) {
      await api(token, 'POST', '/assessments', {
        userId: maya,
        contestId,
        phase,
        ratings: behaviours.map((behaviour, i) => ({
          behaviourId: behaviour.id,
          rating: Math.min(5, base + (i % 3)),
          note: phase === 'start' ? 'Needs a sharper opening' : 'Opens with the outcome now',
        })),
      });
    }
    await manager.goto(`${server.baseUrl}/coaching`);
    await manager.getByLabel('Rep', { exact: true }).selectOption({ label: 'Maya Rep' });
    await manager
      .getByRole('table', { name: /Behaviours: start and end of December Demo Dash for Maya/ })
      .waitFor();
    const did = manager.getByRole('table', { name: 'What Maya Rep did in the contest' });
    await did.getByRole('row', { name: /Call/ }).waitFor();
    expect(await did.getByRole('row', { name: /Meeting/ }).count()).toBe(1);
    await manager.screenshot({ path: `${screenshots}/coaching-comparison.png` });
  });

  it("insights chart a rep's calls of the last week", async () => {
    await manager.goto(`${server.baseUrl}/insights`);
    await manager.getByLabel('Rep or team').selectOption({ label: 'Sofia Rep' });
    await manager.getByRole('radio', { name: '7 days' }).check();
    await manager.getByRole('img', { name: /^Sofia Rep, \d+ days/ }).waitFor();
    await manager.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await manager.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await manager.screenshot({ path: `${screenshots}/insights-chart.png` });
  });

  it('a TV display for the sales floor shows its address once, with a QR code', async () => {
    await manager.goto(`${server.baseUrl}/admin/displays`);
    await manager.getByRole('button', { name: 'New display' }).click();
    await manager.getByLabel('Name', { exact: true }).fill('Sales floor TV');
    await manager.getByRole('button', { name: 'Add a screen' }).click();
    await manager.getByLabel('Screen 1: contest').selectOption({ label: 'December Demo Dash' });
    await manager.getByRole('button', { name: 'Create display' }).click();
    expect(await manager.getByTestId('display-url').textContent()).toMatch(
      new RegExp(`^${server.baseUrl}/tv#`),
    );
    await manager.getByRole('img', { name: /QR code/ }).waitFor();
    await manager.screenshot({ path: `${screenshots}/display-created.png` });
  });

  it('a session that ends on the server sends the browser back to sign-in with a message', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await csp.watch(context);
    const page = await context.newPage();
    // An organisation of its own: tests share no state.
    const signup = await fetch(`${server.baseUrl}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        orgName: 'Expiry Test Co',
        adminName: 'Ed Admin',
        adminEmail: 'ed@expiry.test',
        adminPassword: PASSWORD,
      }),
    }).then((response) => response.json() as Promise<SignupResponse>);
    await page.goto(`${server.baseUrl}/signin`);
    await page.evaluate(
      (accessToken) => localStorage.setItem('arena.accessToken', 'x' + accessToken),
      signup.accessToken,
    );
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/signin/);
    const notice = page.getByText(/session/i).first();
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/session/i);
    await context.close();
  });

  it('ran every page without a Content-Security-Policy violation', () => {
    expect(csp.seen).toEqual([]);
  });
});
