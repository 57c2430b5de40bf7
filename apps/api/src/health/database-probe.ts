import type { DependencyStatus } from '@arena/contracts';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- the health probe reads only the connection URL, for a pool of its own; it queries no table
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
// eslint-disable-next-line no-restricted-imports -- see above
import { DataSource } from 'typeorm';

/** The longest a health check waits for the database. */
export const DATABASE_PROBE_TIMEOUT_MS = 1_500;

/**
 * Asks the database `SELECT 1` on a connection of its own: queued behind the app's pool (busy
 * with a flood of handshakes, say) the probe would measure that queue, and a load balancer would
 * pull an instance whose database is fine. Concurrent checks share one query.
 */
@Injectable()
export class DatabaseProbe implements OnModuleDestroy {
  private readonly pool: Pool;
  private inFlight?: Promise<DependencyStatus>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const url = (dataSource.options as { url?: string }).url;
    this.pool = new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: DATABASE_PROBE_TIMEOUT_MS,
      query_timeout: DATABASE_PROBE_TIMEOUT_MS,
      statement_timeout: DATABASE_PROBE_TIMEOUT_MS,
      application_name: 'arena-health',
    });
    // A dropped idle connection is the database's news, not a reason to crash: the next probe
    // opens a fresh one.
    this.pool.on('error', () => undefined);
  }

  check(): Promise<DependencyStatus> {
    this.inFlight ??= this.query().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private async query(): Promise<DependencyStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'unavailable'>((resolve) => {
      timer = setTimeout(() => resolve('unavailable'), DATABASE_PROBE_TIMEOUT_MS);
    });
    const answer = this.pool.query('SELECT 1').then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    );
    return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
  }
}
