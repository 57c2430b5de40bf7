import type { ContestMode } from '@arena/contracts';
import type { ScoringContest, ScoringRule } from '@arena/scoring';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What a writer needs of a live contest to score an activity: window, time zone, mode, rules and
 * multipliers — never its participants (up to 100,000; who takes part is decided in SQL by
 * `takesPartSql`, in the statement that needs it).
 */
export interface CatalogContest {
  id: string;
  orgId: string;
  mode: ContestMode;
  timezone: string;
  scoring: ScoringContest;
  /** Rules by activity-type key (a contest has at most one rule per type). */
  rules: ReadonlyMap<string, ScoringRule>;
}

/** How a rule limits an activity type: order matters only under a cap. */
export type CapKind = 'none' | 'daily' | 'total';

export function capKind(rule: ScoringRule): CapKind {
  if (rule.totalCap != null) return 'total';
  return rule.dailyCap != null ? 'daily' : 'none';
}

interface CatalogEntry {
  version: string;
  contests: ReadonlyMap<string, CatalogContest>;
}

/** Organisations whose catalog an instance keeps; beyond this the least recently used goes. */
const MAX_ORGANIZATIONS = 2000;

/**
 * Per-instance cache of every organisation's live contest definitions (published, not archived),
 * keyed by `organizations.contests_version`. Every contest change bumps that version in its own
 * transaction, under the organisation's exclusive advisory lock (`bump`); every writer reads the
 * version in a statement it runs anyway, after taking that lock in shared mode
 * (`arena_lock_for_activity_writes`), and asks for the catalog of exactly that version. So a writer
 * never scores with a definition older than the last committed change, on any instance, and a
 * cache hit costs no round trip.
 */
@Injectable()
export class ContestCatalog {
  private readonly entries = new Map<string, CatalogEntry>();

  /**
   * The organisation's live contests at `version` (read by the caller's transaction after the
   * organisation lock). A miss loads them in one statement of that transaction.
   */
  async at(
    manager: EntityManager,
    orgId: string,
    version: string,
  ): Promise<ReadonlyMap<string, CatalogContest>> {
    const cached = this.entries.get(orgId);
    if (cached && cached.version === version) {
      // Refresh its place in the LRU order.
      this.entries.delete(orgId);
      this.entries.set(orgId, cached);
      return cached.contests;
    }
    const loaded = await this.load(manager, orgId);
    // Only a version that is the caller's is kept: the caller holds the organisation lock, so
    // both reads see the same committed definitions.
    if (loaded.version === version) this.remember(orgId, loaded);
    return loaded.contests;
  }

  /**
   * Marks a change of the organisation's contest definitions, inside the changing transaction
   * (which holds the organisation's exclusive lock): every instance reloads on its next write.
   */
  async bump(manager: EntityManager, orgId: string): Promise<void> {
    await manager.query(
      'UPDATE organizations SET contests_version = contests_version + 1 WHERE id = $1',
      [orgId],
    );
  }

  private remember(orgId: string, entry: CatalogEntry): void {
    this.entries.delete(orgId);
    this.entries.set(orgId, entry);
    if (this.entries.size > MAX_ORGANIZATIONS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  private async load(manager: EntityManager, orgId: string): Promise<CatalogEntry> {
    const [row] = (await manager.query(
      `SELECT o.contests_version::text AS version, coalesce((
         SELECT json_agg(json_build_object(
           'id', c.id, 'mode', c.mode, 'timezone', c.timezone,
           'startsAt', c.starts_at, 'endsAt', c.ends_at, 'goalPoints', c.goal_points::text,
           'rules', (SELECT coalesce(json_agg(json_build_object(
                'activityType', r.activity_type, 'pointsPerUnit', r.points_per_unit::text,
                'dailyCap', r.daily_cap::text, 'totalCap', r.total_cap::text) ORDER BY r.position), '[]')
              FROM contest_rules r WHERE r.contest_id = c.id),
           'multipliers', (SELECT coalesce(json_agg(json_build_object(
                'startsAt', m.starts_at, 'endsAt', m.ends_at, 'factor', m.factor::text,
                'activityTypes', m.activity_types) ORDER BY m.position), '[]')
              FROM contest_multipliers m WHERE m.contest_id = c.id)) ORDER BY c.id)
         FROM contests c
         WHERE c.org_id = o.id AND c.published_at IS NOT NULL AND c.archived_at IS NULL), '[]') AS contests
       FROM organizations o WHERE o.id = $1`,
      [orgId],
    )) as Array<{ version: string; contests: StoredContest[] }>;
    const contests = new Map<string, CatalogContest>();
    for (const stored of row?.contests ?? []) {
      const rules = stored.rules.map((rule) => ({ ...rule }));
      contests.set(stored.id, {
        id: stored.id,
        orgId,
        mode: stored.mode,
        timezone: stored.timezone,
        scoring: {
          startsAt: new Date(stored.startsAt),
          endsAt: new Date(stored.endsAt),
          timezone: stored.timezone,
          goalPoints: stored.goalPoints,
          rules,
          multipliers: stored.multipliers.map((window) => ({
            startsAt: new Date(window.startsAt),
            endsAt: new Date(window.endsAt),
            factor: window.factor,
            activityTypes: window.activityTypes,
          })),
        },
        rules: new Map(rules.map((rule) => [rule.activityType, rule])),
      });
    }
    return { version: row?.version ?? '0', contests };
  }
}

interface StoredContest {
  id: string;
  mode: ContestMode;
  timezone: string;
  startsAt: string;
  endsAt: string;
  goalPoints: string | null;
  rules: Array<{
    activityType: string;
    pointsPerUnit: string;
    dailyCap: string | null;
    totalCap: string | null;
  }>;
  multipliers: Array<{
    startsAt: string;
    endsAt: string;
    factor: string;
    activityTypes: string[] | null;
  }>;
}
