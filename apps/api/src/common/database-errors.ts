import { QueryFailedError } from 'typeorm';

/** True when `error` is PostgreSQL's unique violation on the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (!constraint || driverError.constraint === constraint);
}

/**
 * Why a database call failed when it is not the request's fault:
 * - `conflict`: a serialisation failure or deadlock; the transaction was rolled back and running
 *   it again is safe.
 * - `connection`: the connection dropped (server restart, `pg_terminate_backend`, network); the
 *   transaction did not survive it.
 * - `timeout`: the server did not answer in time (a pool acquire, a connect, a client-side query
 *   timeout or a server-side statement timeout); retrying would only wait again.
 * `null` for everything else (bugs and constraint violations are not transient).
 */
export type DatabaseFailure = 'conflict' | 'connection' | 'timeout';

const CONFLICT_CODES = new Set(['40001', '40P01']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, idle_in_transaction_session_timeout. */
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '25P03']);
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** Messages of node-postgres and pg-pool, which carry no SQLSTATE. */
const TIMEOUT_MESSAGE =
  /Query read timeout|timeout exceeded when trying to connect|Connection terminated due to connection timeout/i;
const CONNECTION_MESSAGE =
  /Connection terminated|connection ended|Client has encountered a connection error|Client was closed|Connection is not established/i;

export function databaseFailure(error: unknown): DatabaseFailure | null {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (!(cause instanceof Error) && typeof cause !== 'object') return null;
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string') {
    if (CONFLICT_CODES.has(code)) return 'conflict';
    // query_canceled: our statement_timeout (we never cancel queries otherwise).
    if (code === '57014') return 'timeout';
    if (CONNECTION_CODES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))
      return 'connection';
  }
  if (TIMEOUT_MESSAGE.test(text)) return 'timeout';
  if (CONNECTION_MESSAGE.test(text)) return 'connection';
  return null;
}

/**
 * The contest a writer's statement found being re-scored (`arena_try_contest_locks`: its lock
 * only tried, so that the writer waits for it outside its transaction), or null.
 */
export function busyContest(error: unknown): string | null {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  const { code, hint, detail } = (cause ?? {}) as {
    code?: unknown;
    hint?: unknown;
    detail?: unknown;
  };
  return code === '55P03' && hint === 'arena_contest_busy' && typeof detail === 'string'
    ? detail
    : null;
}
