import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../common/worker-thread';
import { hashPassword } from './password-hasher';
import type { StrengthItem, StrengthReply, StrengthRequest } from './password-strength.worker';

/** Passwords per message to the worker: few enough that an answer never waits long. */
const CHUNK = 50;
/**
 * scrypt calls in flight at once for a bulk job. They run on libuv's thread pool (4 threads by
 * default), which sign-ins share: a bulk job never takes all of it.
 */
export const BULK_HASH_CONCURRENCY = 2;
/** The worker holds zxcvbn's dictionaries (tens of MB): it ends after this long unused. */
const IDLE_MS = 30_000;

/**
 * Password work in bulk (user import) that must not hold the event loop: the strength policy
 * (zxcvbn, synchronous) in a worker thread, and hashing (scrypt, on libuv's thread pool) with a
 * bounded number in flight. Single passwords (sign-up, a new user) keep the direct calls.
 */
@Injectable()
export class PasswordWork implements OnApplicationShutdown {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (reasons: Array<string | null>) => void; reject: (error: Error) => void }
  >();
  private idleTimer: NodeJS.Timeout | null = null;

  /** Why each password is too weak (the policy of `POST /api/users`), or null; in input order. */
  async weakReasons(items: StrengthItem[]): Promise<Array<string | null>> {
    const chunks: StrengthItem[][] = [];
    for (let at = 0; at < items.length; at += CHUNK) chunks.push(items.slice(at, at + CHUNK));
    const answers = await Promise.all(chunks.map((chunk) => this.ask(chunk)));
    return answers.flat();
  }

  /** Hashes each password as `hashPassword` does, at most BULK_HASH_CONCURRENCY at a time. */
  async hashAll(passwords: string[]): Promise<string[]> {
    const hashes = new Array<string>(passwords.length);
    let next = 0;
    const lane = async () => {
      while (next < passwords.length) {
        const at = next++;
        hashes[at] = await hashPassword(passwords[at]);
      }
    };
    await Promise.all(Array.from({ length: BULK_HASH_CONCURRENCY }, lane));
    return hashes;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop(true);
  }

  private ask(items: StrengthItem[]): Promise<Array<string | null>> {
    const worker = this.start();
    const id = this.nextId++;
    // Working, it keeps the process alive; idle, it does not (see start).
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, items } satisfies StrengthRequest);
    });
  }

  private start(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.worker) return this.worker;
    const worker = spawnStrengthWorker();
    worker.on('message', ({ id, reasons }: StrengthReply) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      waiting?.resolve(reasons);
      if (this.pending.size === 0) {
        worker.unref();
        this.idleLater();
      }
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`password worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private idleLater(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stop(false), IDLE_MS);
    this.idleTimer.unref();
  }

  private async stop(evenIfBusy: boolean): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // Work arrived since the idle timer was set: the next idle period ends it.
    if (!this.worker || (!evenIfBusy && this.pending.size > 0)) return;
    const worker = this.worker;
    this.worker = null;
    await worker.terminate();
  }
}

/** The strength worker (`password-strength.worker`), built or from the TypeScript sources. */
function spawnStrengthWorker(): Worker {
  return spawnWorker(__dirname, 'password-strength.worker');
}
