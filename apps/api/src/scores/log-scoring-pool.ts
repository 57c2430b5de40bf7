import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../common/worker-thread';
import type { LogScoringReply, LogScoringRequest, LogScoringSetup } from './log-scoring.worker';

/** A batch scored by a worker (the reply without its id). */
export type ScoredLogBatch = Extract<LogScoringReply, { rows: Uint8Array }>;

/** Characters of a uuid's text: the log's rows begin with two (the activity's, the rep's). */
const UUID_CHARS = 36;
const NEWLINE = 10;

/**
 * Worker threads that score one contest's log, batch by batch, each batch whole reps; replies
 * come in the order of the batches. Started for one re-score and ended after it.
 */
export class LogScoringPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (reply: ScoredLogBatch) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(threads: number, setup: LogScoringSetup) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = spawnWorker(__dirname, 'log-scoring.worker', setup);
      worker.on('message', (reply: LogScoringReply) => {
        const waiting = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(`log scoring failed: ${reply.error}`));
        else waiting?.resolve(reply);
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const pending of this.waiting.values()) pending.reject(error);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`log scoring worker exited (${code})`)));
      return worker;
    });
  }

  /** Scores a batch of whole reps (COPY text of the log's rows), on the next worker in turn. */
  score(text: Uint8Array): Promise<ScoredLogBatch> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const copy = new Uint8Array(text); // a buffer of its own, handed over
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage(
        { id, text: copy } satisfies LogScoringRequest,
        [copy.buffer],
      );
    });
  }

  get threads(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('log scoring pool closed');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * Where the log's COPY text can be cut between reps: the start of the last complete rep's first
 * row (everything from there on waits for the rest of that rep), or 0. Rows begin with the
 * activity's id and then the rep's, both uuids of fixed width.
 */
export function repBoundary(text: Uint8Array): number {
  const last = text.lastIndexOf(NEWLINE);
  if (last < 0) return 0;
  let start = text.lastIndexOf(NEWLINE, last - 1) + 1;
  const userAt = (row: number) => row + UUID_CHARS + 1;
  const user = userAt(start);
  while (start > 0) {
    const previous = text.lastIndexOf(NEWLINE, start - 2) + 1;
    const other = userAt(previous);
    for (let i = 0; i < UUID_CHARS; i++) if (text[other + i] !== text[user + i]) return start;
    start = previous;
  }
  return 0;
}
