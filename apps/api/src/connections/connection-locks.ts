import { Injectable } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- a session lock needs a connection of its own for the work's duration
import { InjectDataSource } from '@nestjs/typeorm';
// eslint-disable-next-line no-restricted-imports -- see above
import type { DataSource } from 'typeorm';

/** Advisory-lock namespace of connections (contests use 7301–7302). */
const CONNECTION_LOCK = 7310;

/**
 * One processing of a connection's records at a time, across instances: a delivery, an owner
 * link's catch-up and a sync of the same connection would otherwise read the same record's state
 * and both act on it. The lock is a session lock on a connection of its own, held while `work`
 * runs its several transactions (each step of an intake commits on its own).
 */
@Injectable()
export class ConnectionLocks {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1, hashtext($2))', [
        CONNECTION_LOCK,
        connectionId,
      ]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
          CONNECTION_LOCK,
          connectionId,
        ]);
      }
    } finally {
      await runner.release();
    }
  }
}
