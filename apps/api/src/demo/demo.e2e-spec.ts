import type { Contest, Leaderboard } from '@arena/contracts';
import request from 'supertest';
import { DomainEvents } from '../common/domain-events';
import { runMigrations } from '../database/data-source';
import { bearer, login } from '../../test/builders';
import { startTestApp, withEmptyDatabase } from '../../test/test-app';
import { DEMO_PASSWORD } from './demo-data';
import { DemoService, demoSprintName } from './demo.service';

describe('demo organisation', () => {
  it('is created once on an embedded start, with live contests and activity that keeps coming', async () => {
    await withEmptyDatabase(async (url) => {
      await runMigrations(url);
      // No DATABASE_URL in the config: the app behaves as on the embedded database.
      const t = await startTestApp({ DATABASE_URL: url, DEMO: '1' });
      try {
        expect(t.app.get(DemoService).enabled).toBe(false); // DATABASE_URL given: no demo
      } finally {
        await t.close();
      }
      const demo = await startTestApp({ DATABASE_URL: '', DEMO: '1', ARENA_TEST_DATABASE: url });
      try {
        expect(demo.app.get(DemoService).banner()).toContain('admin@demo.arena');
        const maya = await login(demo.server, 'maya@demo.arena', DEMO_PASSWORD);
        const contests = (
          await request(demo.server).get('/api/contests').set(bearer(maya.accessToken)).expect(200)
        ).body as Contest[];
        expect(contests.map((c) => [c.name, c.mode, c.status])).toEqual([
          [
            demoSprintName(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
            'individual',
            'live',
          ],
          ['Team Cup', 'team', 'live'],
        ]);
        const board = async () =>
          (
            await request(demo.server)
              .get(`/api/contests/${contests[0].id}/leaderboard`)
              .set(bearer(maya.accessToken))
              .expect(200)
          ).body as Leaderboard;
        const first = await board();
        expect(first.total).toBe(12);
        expect(first.entries[0].points).toBeGreaterThan(0);
        const total = async () =>
          (
            await request(demo.server)
              .get('/api/activities?limit=1')
              .set(bearer(maya.accessToken))
              .expect(200)
          ).body.total as number;
        // The simulator's next tick, told by the event its activities publish (the 15 s only
        // guard the wait: a tick comes every few seconds).
        // Listening after the count: an activity it did not see publishes after this point.
        const before = await total();
        let heard: () => void = () => undefined;
        const recorded = new Promise<void>((resolve) => (heard = resolve));
        const stop = demo.app
          .get(DomainEvents)
          .on('activities-recorded', (event) =>
            event.orgId === maya.user.orgId ? heard() : undefined,
          );
        let guard: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            recorded,
            new Promise((_, reject) => {
              guard = setTimeout(() => reject(new Error('no simulated activity in 15 s')), 15_000);
            }),
          ]);
        } finally {
          clearTimeout(guard);
          stop();
        }
        expect(await total()).toBeGreaterThan(before);
        const admin = await login(demo.server, 'admin@demo.arena', DEMO_PASSWORD);
        const report = (
          await request(demo.server)
            .post('/api/admin/verify-scores')
            .set(bearer(admin.accessToken))
            .expect(200)
        ).body;
        expect(report.differences).toEqual([]);
      } finally {
        await demo.close();
      }
    });
  });
});
