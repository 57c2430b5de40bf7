import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../common/worker-thread';

/**
 * Each thread holds a couple of 512 kB batches and their results at a time: a small heap, so
 * that it collects early instead of growing with V8's defaults (the server's RSS stays within
 * its budget while a big contest re-scores on every core).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };
import type { LogCheck } from './log-text';
import type { LogScoringReply, LogScoringRequest, LogScoringSetup } from './log-scoring.worker';

/** A batch scored by a worker. */
export type ScoredLogBatch = Extract<LogScoringReply, { rows: Uint8Array }>;

type Reply = Exclude<LogScoringReply, { error: string }>;

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
    { resolve: (reply: Reply) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(threads: number, setup: LogScoringSetup) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = spawnWorker(__dirname, 'log-scoring.worker', setup, WORKER_LIMITS);
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
  async score(text: Uint8Array): Promise<ScoredLogBatch> {
    return (await this.ask(text)) as ScoredLogBatch;
  }

  /** Checks a batch of whole reps against their kept activity rows (COPY text of both). */
  async check(text: Uint8Array, kept: Uint8Array): Promise<LogCheck> {
    return (await this.ask(text, kept)) as LogCheck;
  }

  private ask(text: Uint8Array, kept?: Uint8Array): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // Buffers of their own, handed over.
    const own = new Uint8Array(text);
    const transfer: ArrayBuffer[] = [own.buffer];
    const request: LogScoringRequest = { id, text: own };
    if (kept) {
      const keptOwn = new Uint8Array(kept);
      transfer.push(keptOwn.buffer);
      request.kept = keptOwn;
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage(request, transfer);
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

/** Whether the first uuid of the row at `at` of `a` sorts before the uuid at `at2` of `b`. */
function uuidBefore(a: Uint8Array, at: number, b: Uint8Array, at2: number): boolean {
  for (let i = 0; i < UUID_CHARS; i++) {
    if (a[at + i] !== b[at2 + i]) return a[at + i] < b[at2 + i];
  }
  return false;
}

/**
 * Kept rows (COPY text led by the rep's id, in user order): where the first row of a rep at or
 * after `bound` (a rep's id as text at `boundAt` of `boundText`) begins — or, when every complete
 * row is before it, null (more rows are needed to know).
 */
export function keptBoundary(
  text: Uint8Array,
  boundText: Uint8Array,
  boundAt: number,
): number | null {
  const last = text.lastIndexOf(NEWLINE);
  if (last < 0) return null;
  let start = text.lastIndexOf(NEWLINE, last - 1) + 1;
  if (uuidBefore(text, start, boundText, boundAt)) return null;
  while (start > 0) {
    const previous = text.lastIndexOf(NEWLINE, start - 2) + 1;
    if (uuidBefore(text, previous, boundText, boundAt)) return start;
    start = previous;
  }
  return 0;
}
