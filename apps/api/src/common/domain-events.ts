import type { ContestChange, Recognition, RecognitionEvent } from '@arena/contracts';
import { Global, Injectable, Logger, Module } from '@nestjs/common';

/** A stored activity and the contests whose scores it changed. */
export interface RecordedActivity {
  id: string;
  userId: string;
  activityType: string;
  quantity: string;
  occurredAt: Date;
  contestIds: string[];
}

/** Facts that other modules react to, published after the transaction that made them true commits. */
export type DomainEvent =
  | {
      kind: 'scores-changed';
      orgId: string;
      contestIds: string[];
      /**
       * Per contest id, the reps whose scores in it changed. A contest missing here may have
       * changed anywhere (a re-score): its live board is compared whole.
       */
      changed?: Record<string, string[]>;
    }
  | { kind: 'activities-recorded'; orgId: string; activities: RecordedActivity[] }
  | { kind: 'contest-changed'; orgId: string; contestId: string; change: ContestChange }
  | { kind: 'user-deactivated'; orgId: string; userId: string }
  /** Sessions ended: every session of the user, or just the token `jti` (a sign-out). */
  | { kind: 'sessions-revoked'; orgId: string; userId: string; jti?: string }
  /** The user's team changed: what they may read in team contests did. */
  | { kind: 'membership-changed'; orgId: string; userId: string }
  | { kind: 'contest-ended'; orgId: string; contestId: string }
  | {
      kind: 'display-changed';
      orgId: string;
      displayId: string;
      change: 'updated' | 'revoked';
      /** The contests it showed before the change. */
      previousContestIds: string[];
    }
  | {
      kind: 'recognition';
      orgId: string;
      change: RecognitionEvent['change'];
      recognition: Recognition;
      /** Worth a screen take-over (a `celebration`). */
      celebrate: boolean;
    };

type Handler<K extends DomainEvent['kind']> = (
  event: Extract<DomainEvent, { kind: K }>,
) => void | Promise<void>;
type AnyHandler = (event: DomainEvent) => void | Promise<void>;

/**
 * An in-process event bus: it keeps writers (activities, contests) from depending on readers
 * (live updates), which would otherwise depend on each other.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers = new Map<DomainEvent['kind'], Set<AnyHandler>>();

  on<K extends DomainEvent['kind']>(kind: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(kind) ?? new Set();
    // Only events of `kind` reach this set, so the narrower handler is safe.
    const wide = handler as unknown as AnyHandler;
    set.add(wide);
    this.handlers.set(kind, set);
    return () => set.delete(wide);
  }

  /** Handlers run after the caller returns; a failing handler is logged, never thrown back. */
  publish(event: DomainEvent): void {
    for (const handler of this.handlers.get(event.kind) ?? []) {
      queueMicrotask(() => {
        Promise.resolve(handler(event)).catch((error: unknown) =>
          this.logger.error(`${event.kind} handler failed: ${String(error)}`),
        );
      });
    }
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
