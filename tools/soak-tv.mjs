// `npm run soak:tv`: leaves the TV wall open on a busy server and watches its memory. Starts the
// built server (the demo organisation: live contests, simulated activity every few seconds, deals
// among it) on its own embedded PostgreSQL, creates a display that rotates through every screen
// of every demo contest, opens `/tv` in Chromium (playwright-core) and every SOAK_SAMPLE_SECONDS
// forces a GC and samples the JS heap (CDP Runtime.getHeapUsage) and the DOM node count, always
// on the leaderboard screen with no take-over up, so samples compare like with like. Extra deals
// in bursts keep the celebration queue busy. Reports whether the end values are within 10% of
// those after the warm-up (the first 5 minutes, or a sixth of a shorter soak).
// Options (env): SOAK_MINUTES=30 SOAK_SAMPLE_SECONDS=60 SOAK_ROTATION_SECONDS=8 CHROMIUM_PATH
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nx } from './nx.mjs';

const require = createRequire(import.meta.url);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 60);
const ROTATION_SECONDS = Number(process.env.SOAK_ROTATION_SECONDS ?? 8);
const WARMUP_MINUTES = Math.min(5, MINUTES / 6);
const TOLERANCE = 0.1;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

await nx(['run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static']);
// The wall is served from a copy: rebuilding the workspace during a long soak must not change it.
const webDist = mkdtempSync(join(tmpdir(), 'arena-soak-web-'));
cpSync('apps/web/dist', webDist, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'arena-soak-tv-'));
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const baseUrl = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['apps/api/dist/main.js'], {
  env: {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    WEB_DIST: webDist,
    DATABASE_URL: '',
    REDIS_URL: '',
    DEMO: '1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'soak-tv-secret-soak-tv-secret-soak-tv!',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
server.stderr.on('data', (chunk) => process.stderr.write(chunk));
const killServer = () => {
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
};
process.on('exit', killServer);
process.on('SIGINT', () => process.exit(130));

async function waitHealthy() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  throw new Error('The Arena server did not become healthy');
}

async function api(token, method, path, body) {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Lists come as a page (`{items}`) or, for a few, as an array. */
const listOf = (answer) => (Array.isArray(answer) ? answer : answer.items);

await waitHealthy();
const login = await fetch(`${baseUrl}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'admin@demo.arena', password: 'arena-demo' }),
}).then((response) => response.json());
const admin = login.accessToken;
const contests = listOf(await api(admin, 'GET', '/contests?limit=100')).filter(
  (contest) => contest.status === 'live',
);
if (contests.length === 0) throw new Error('The demo has no live contest');
const screens = ['leaderboard', 'team_race', 'ticker', 'recognition_wall', 'countdown'];
const display = await api(admin, 'POST', '/displays', {
  name: 'Soak TV',
  playlist: contests.flatMap((contest) =>
    screens.map((screen) => ({ contestId: contest.id, screen })),
  ),
  rotationSeconds: ROTATION_SECONDS,
});
const reps = listOf(await api(admin, 'GET', '/users?limit=100')).filter(
  (user) => user.role === 'rep',
);

const { chromium } = require('playwright-core');
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto(`${baseUrl}${display.url}`);
await page.getByRole('main').waitFor();
const cdp = await page.context().newCDPSession(page);
let reloads = 0;
page.on('load', () => (reloads += 1));

// Now and then a burst of deals, for the celebration queue and its summaries.
let deals = 0;
const burst = setInterval(() => {
  const count = 1 + Math.floor(Math.random() * 6);
  for (let index = 0; index < count; index += 1) {
    const rep = reps[Math.floor(Math.random() * reps.length)];
    deals += 1;
    void api(admin, 'POST', '/activities', { userId: rep.id, type: 'deal_won', quantity: 1 }).catch(
      (error) => console.error(String(error)),
    );
  }
}, 45_000);

/**
 * On the first contest's leaderboard (the first screen) with nothing taken over: the same screen
 * every time. A take-over can hide it for a whole rotation, so it waits up to three of them; a
 * sample taken on another screen after all is flagged (`onReference: false`) and left out of the
 * verdict.
 */
async function sample() {
  const onReference = await page
    .waitForFunction(
      (contestId) =>
        document.querySelector(`[data-screen="leaderboard"][data-contest="${contestId}"]`) !==
          null && document.querySelector('[data-testid="celebration"]') === null,
      contests[0].id,
      { timeout: 3 * 10 * ROTATION_SECONDS * 1000 + 30_000, polling: 250 },
    )
    .then(
      () => true,
      () => false,
    );
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const { metrics } = await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }));
  const listeners = metrics.find((metric) => metric.name === 'JSEventListeners')?.value ?? null;
  return { heapMb: heap.usedSize / 1024 / 1024, nodes, listeners, onReference };
}

await cdp.send('Performance.enable');
const started = Date.now();
const samples = [];
console.log(
  `Soaking /tv for ${MINUTES} min (${contests.length} contests, ${screens.length} screens each, ${ROTATION_SECONDS} s per screen)`,
);
console.log('minute  heap MB   DOM nodes  listeners  on the reference screen');
while (Date.now() - started < MINUTES * 60_000) {
  const at = (Date.now() - started) / 60_000;
  const values = await sample();
  samples.push({ minute: at, ...values });
  console.log(
    `${at.toFixed(1).padStart(6)}  ${values.heapMb.toFixed(2).padStart(7)}  ${String(values.nodes).padStart(9)}  ${String(values.listeners).padStart(9)}  ${values.onReference ? 'yes' : 'no'}`,
  );
  const next = started + samples.length * SAMPLE_SECONDS * 1000;
  await new Promise((wait) => setTimeout(wait, Math.max(0, next - Date.now())));
}
clearInterval(burst);
const endMinute = (Date.now() - started) / 60_000;
samples.push({ minute: endMinute, ...(await sample()) });
const end = samples.findLast((item) => item.onReference) ?? samples.at(-1);
const baseline =
  samples.find((item) => item.minute >= WARMUP_MINUTES && item.onReference) ?? samples[0];
const within = (value, base) => Math.abs(value - base) <= base * TOLERANCE;
const heapOk = within(end.heapMb, baseline.heapMb);
const nodesOk = within(end.nodes, baseline.nodes);
const stillLive = await page.locator('[data-phase="ready"]').count();
console.log(
  JSON.stringify(
    {
      minutes: Number(endMinute.toFixed(1)),
      endSampleMinute: Number(end.minute.toFixed(1)),
      offReferenceSamples: samples.filter((item) => !item.onReference).length,
      samples: samples.length,
      deals,
      reloads,
      baseline: {
        minute: Number(baseline.minute.toFixed(1)),
        heapMb: Number(baseline.heapMb.toFixed(2)),
        nodes: baseline.nodes,
      },
      end: { heapMb: Number(end.heapMb.toFixed(2)), nodes: end.nodes, listeners: end.listeners },
      heapChange: `${(((end.heapMb - baseline.heapMb) / baseline.heapMb) * 100).toFixed(1)}%`,
      nodesChange: `${(((end.nodes - baseline.nodes) / baseline.nodes) * 100).toFixed(1)}%`,
      stillLive: stillLive === 1,
      pass: heapOk && nodesOk && stillLive === 1,
    },
    null,
    2,
  ),
);
await browser.close();
try {
  process.kill(server.pid, 'SIGTERM');
} catch {
  // Already gone.
}
await new Promise((wait) => setTimeout(wait, 3000));
killServer();
rmSync(webDist, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });
process.exit(heapOk && nodesOk && stillLive === 1 ? 0 : 1);
