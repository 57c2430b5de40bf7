import type { HealthResponse, ReadinessResponse } from '@arena/contracts';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { eventually } from '../../test/processes';
import { startTestApp, type TestApp } from '../../test/test-app';
import { HealthController } from './health.controller';

describe('GET /api/health and /api/health/ready', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports each dependency, and a readiness signal', async () => {
    const health = await request(t.server).get('/api/health').expect(200);
    // Without REDIS_URL there is no Redis to report.
    expect(health.body as HealthResponse).toEqual({ status: 'ok', checks: { database: 'ok' } });
    const ready = await request(t.server).get('/api/health/ready').expect(200);
    expect(ready.body as ReadinessResponse).toEqual({ status: 'ready' });
  });

  it("answers at once while every connection of the app's pool is busy", async () => {
    // The app's own pool (20 connections), every one held by a slow query: a health check queued
    // behind them would wait seconds and answer 503 for a database that is fine.
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const busy = Array.from({ length: 20 }, () => dataSource.query('SELECT pg_sleep(3)'));
    const observer = new Client({ connectionString: t.databaseUrl });
    await observer.connect();
    try {
      // What PostgreSQL is running, asked of PostgreSQL (another process): bounded polling.
      await eventually('the slow queries hold the whole pool', async () => {
        const [{ count }] = (
          await observer.query(
            `SELECT count(*)::int AS count FROM pg_stat_activity
             WHERE query = 'SELECT pg_sleep(3)' AND state = 'active'`,
          )
        ).rows as { count: number }[];
        return count >= 20;
      });
      const started = Date.now();
      const health = await request(t.server).get('/api/health');
      const elapsed = Date.now() - started;
      expect(health.status).toBe(200);
      expect(elapsed).toBeLessThan(1_000);
    } finally {
      await observer.end();
      await Promise.all(busy);
    }
  });

  it('is not ready once the app starts shutting down', async () => {
    const other = await startTestApp();
    try {
      await request(other.server).get('/api/health/ready').expect(200);
      // The hook Nest calls first when the app closes (app.close() would also close the server).
      other.app.get(HealthController).onModuleDestroy();
      const ready = await request(other.server).get('/api/health/ready').expect(503);
      expect(ready.body as ReadinessResponse).toEqual({
        status: 'not-ready',
        reason: 'shutting down',
      });
      // Liveness stays up: the process is fine, it is only draining.
      await request(other.server).get('/api/health').expect(200);
    } finally {
      await other.close();
    }
  });
});
