import request from 'supertest';
import { runMigrations } from '../database/data-source';
import { signupOrg } from '../../test/builders';
import { startTestApp, withEmptyDatabase } from '../../test/test-app';

const signupBody = (name: string) => ({
  orgName: name,
  adminName: 'Ada Admin',
  adminEmail: `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.test`,
  adminPassword: 'correct horse battery',
});

/** Issue 13.3: an admin can close public sign-up (SIGNUP=closed). */
describe('SIGNUP=closed', () => {
  it('lets a fresh install create its first organisation, then answers 403 signup_closed', async () => {
    await withEmptyDatabase(async (url) => {
      await runMigrations(url);
      const t = await startTestApp({ DATABASE_URL: url, SIGNUP: 'closed' });
      try {
        // Two "first" sign-ups at once: exactly one gets in.
        const answers = await Promise.all(
          ['First', 'Rival'].map((name) =>
            request(t.server).post('/api/orgs').send(signupBody(name)),
          ),
        );
        expect(answers.map((res) => res.status).sort()).toEqual([201, 403]);
        const refused = await request(t.server).post('/api/orgs').send(signupBody('Later'));
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({ statusCode: 403, code: 'signup_closed' });
        expect(refused.body.message).toContain('SIGNUP=closed');
      } finally {
        await t.close();
      }
    });
  });

  it('stays open by default outside production mode', async () => {
    const t = await startTestApp();
    try {
      expect(t.config.signup).toBe('open');
      await signupOrg(t.server);
      await signupOrg(t.server);
    } finally {
      await t.close();
    }
  });
});
