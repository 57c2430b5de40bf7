import { createRepScorer, type ScoringContest } from '@arena/scoring';
import { parentPort, workerData } from 'node:worker_threads';
import { spawnedWorkerData } from '../common/worker-thread';
import { checkBatch, scoreBatch, ScoreText, type LogCheck } from './log-text';

/** What a log-scoring worker is started with: one contest. */
export interface LogScoringSetup {
  orgId: string;
  contestId: string;
  scoring: ScoringContest;
  /** The rule types' keys by their ids. */
  typeKeys: Array<[string, string]>;
}

/**
 * Whole reps of the log as COPY text (ASCII: uuids and numbers), to score; or to check, with
 * the kept activity rows of the same reps (`kept`).
 */
export interface LogScoringRequest {
  id: number;
  text: Uint8Array;
  kept?: Uint8Array;
}

/** The batch scored: its activity rows as UTF-8 COPY text, its lines and totals. */
export type LogScoringReply =
  | {
      id: number;
      activityRows: number;
      rows: Uint8Array;
      lines: string;
      totals: Array<[string, string]>;
    }
  | ({ id: number } & LogCheck)
  | { id: number; error: string };

// Parsing, scoring and formatting a contest's log cost ~10 µs of CPU per activity: a big
// re-score spreads them over threads like this one, batches of whole reps each.
const setup = spawnedWorkerData<LogScoringSetup>(workerData);
const keyOf = new Map(setup.typeKeys);
const scorer = createRepScorer(setup.scoring);
const out = new ScoreText(setup.orgId, setup.contestId);

const ascii = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

parentPort?.on('message', ({ id, text, kept }: LogScoringRequest) => {
  let reply: LogScoringReply;
  try {
    const log = ascii(text);
    if (kept) {
      parentPort?.postMessage({ id, ...checkBatch(log, ascii(kept), keyOf, scorer) });
      return;
    }
    const batch = scoreBatch(log, keyOf, scorer, out);
    const rows = Buffer.from(batch.rows, 'utf8');
    reply = {
      id,
      activityRows: batch.activityRows,
      rows,
      lines: batch.lines,
      totals: batch.totals,
    };
    const whole = rows.byteOffset === 0 && rows.byteLength === rows.buffer.byteLength;
    parentPort?.postMessage(reply, whole ? [rows.buffer] : []);
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    parentPort?.postMessage(reply);
  }
});
