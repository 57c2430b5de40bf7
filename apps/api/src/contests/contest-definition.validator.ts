import type { FieldError } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ActivityTypeEntity } from '../activity-types/entities/activity-type.entity';
import { InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { TeamEntity } from '../teams/entities/team.entity';
import { competes, NOT_COMPETING } from '../users/competitors';
import { UserEntity } from '../users/entities/user.entity';
import type { ContestDefinitionDto } from './dto/contest-definition.dto';

const MAX_WINDOW_DAYS = 400;

/** The checks a contest design needs beyond field shapes: time order, the catalogue, the participants. */
@Injectable()
export class ContestDefinitionValidator {
  constructor(
    @InjectOrgScoped(ActivityTypeEntity)
    private readonly types: OrgScopedRepository<ActivityTypeEntity>,
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
  ) {}

  /**
   * What a contest needs to be published — and so to stay published: publishing and every edit
   * of a published (scheduled, live or settling) contest check this same list.
   */
  publishProblems(definition: ContestDefinitionDto): FieldError[] {
    const problems: FieldError[] = [];
    if (definition.rules.length === 0)
      problems.push({ field: 'rules', messages: ['a published contest needs at least one rule'] });
    if (definition.participantIds.length === 0) {
      problems.push({
        field: 'participantIds',
        messages: ['a published contest needs at least one participant'],
      });
    }
    return problems;
  }

  /**
   * SPEC §3: once a published contest has ended, what decides its scores, ranks and prizes is fixed
   * (late activities and voids still count while it settles). Answers the fields `after` would
   * change; its name and description stay editable. Values are compared by meaning (instants,
   * numbers, participants as a set), so resending the stored definition changes nothing.
   */
  changedAfterEnd(before: ContestDefinitionDto, after: ContestDefinitionDto): string[] {
    return FIXED_AFTER_END.filter(
      (field) => canonical(field, before[field]) !== canonical(field, after[field]),
    );
  }

  /**
   * Throws a 400 naming every problem; `extra` adds caller-specific problems to the same answer.
   * Inside a transaction pass its `manager`: a transaction that holds locks and waits for a second
   * pooled connection can starve the pool (every connection held by writers waiting for its locks).
   */
  async validate(
    definition: ContestDefinitionDto,
    extra: FieldError[] = [],
    manager?: EntityManager,
  ): Promise<void> {
    const types = manager ? this.types.withManager(manager) : this.types;
    const users = manager ? this.users.withManager(manager) : this.users;
    const teams = manager ? this.teams.withManager(manager) : this.teams;
    const errors: FieldError[] = [...extra];
    const fail = (field: string, message: string) => errors.push({ field, messages: [message] });

    const startsAt = Date.parse(definition.startsAt);
    const endsAt = Date.parse(definition.endsAt);
    if (endsAt <= startsAt) fail('endsAt', 'must be after startsAt');
    else if (endsAt - startsAt > MAX_WINDOW_DAYS * 86_400_000)
      fail('endsAt', `a contest may last at most ${MAX_WINDOW_DAYS} days`);

    const keys = new Set((await types.find({ select: { key: true } })).map((type) => type.key));
    const seen = new Set<string>();
    definition.rules.forEach((rule, i) => {
      if (!keys.has(rule.activityType))
        fail(`rules.${i}.activityType`, `unknown activity type "${rule.activityType}"`);
      else if (seen.has(rule.activityType))
        fail(`rules.${i}.activityType`, `"${rule.activityType}" already has a rule`);
      seen.add(rule.activityType);
    });
    (definition.multipliers ?? []).forEach((window, i) => {
      if (Date.parse(window.endsAt) <= Date.parse(window.startsAt))
        fail(`multipliers.${i}.endsAt`, 'must be after startsAt');
      (window.activityTypes ?? []).forEach((key, j) => {
        if (!keys.has(key))
          fail(`multipliers.${i}.activityTypes.${j}`, `unknown activity type "${key}"`);
      });
    });
    const ranks = new Set<number>();
    (definition.prizes ?? []).forEach((prize, i) => {
      if (ranks.has(prize.rank)) fail(`prizes.${i}.rank`, `rank ${prize.rank} already has a prize`);
      ranks.add(prize.rank);
    });

    const achievementKeys = new Set<string>();
    (definition.achievements ?? []).forEach((achievement, i) => {
      const at = `achievements.${i}`;
      const key = JSON.stringify([
        achievement.kind,
        achievement.activityType,
        achievement.units,
        achievement.days,
        achievement.minUnitsPerDay,
      ]);
      if (achievementKeys.has(key)) fail(at, 'the same achievement is defined twice');
      achievementKeys.add(key);
      if (achievement.kind === 'goal_reached' && definition.goalPoints == null)
        fail(`${at}.kind`, 'goal_reached needs the contest to have goalPoints');
      if (achievement.kind !== 'milestone' && achievement.kind !== 'streak') return;
      if (!achievement.activityType) fail(`${at}.activityType`, `a ${achievement.kind} needs one`);
      else if (!seen.has(achievement.activityType))
        fail(`${at}.activityType`, `"${achievement.activityType}" has no rule in this contest`);
      if (achievement.kind === 'milestone' && achievement.units == null)
        fail(`${at}.units`, 'a milestone needs the number of units to reach');
      if (achievement.kind === 'streak' && achievement.days == null)
        fail(`${at}.days`, 'a streak needs its number of days');
      if (achievement.kind === 'streak' && achievement.minUnitsPerDay == null)
        fail(`${at}.minUnitsPerDay`, 'a streak needs the units required each day');
    });

    const ids = definition.participantIds;
    if (ids.length > 0 && definition.mode === 'team') {
      const found = new Set(
        (await teams.find({ where: { id: In(ids) }, select: { id: true } })).map((team) => team.id),
      );
      ids.forEach((id, i) => {
        if (!found.has(id))
          fail(`participantIds.${i}`, 'no team with this id in your organisation');
      });
    } else if (ids.length > 0) {
      const found = new Map(
        (
          await users.find({
            where: { id: In(ids), active: true },
            select: { id: true, active: true, competes: true },
          })
        ).map((user) => [user.id, user]),
      );
      ids.forEach((id, i) => {
        const user = found.get(id);
        if (!user) fail(`participantIds.${i}`, 'no active user with this id in your organisation');
        else if (!competes(user)) fail(`participantIds.${i}`, NOT_COMPETING);
      });
    }

    if (errors.length > 0) {
      const summary = errors
        .map((error) => `${error.field} ${error.messages.join(', ')}`)
        .join('; ');
      throw new InvalidInputError(`Invalid contest: ${summary}.`, errors);
    }
  }
}

/** What decides an ended contest's scores, ranks and prizes. */
const FIXED_AFTER_END = [
  'startsAt',
  'endsAt',
  'timezone',
  'mode',
  'teamAggregation',
  'participantIds',
  'rules',
  'multipliers',
  'goalPoints',
  'prizes',
  'achievements',
] as const satisfies ReadonlyArray<keyof ContestDefinitionDto>;

/** A comparable form of one field: instants as epoch ms, numbers as numbers, sets sorted. */
function canonical(field: (typeof FIXED_AFTER_END)[number], value: unknown): string {
  if (field === 'startsAt' || field === 'endsAt') return String(Date.parse(String(value)));
  if (field === 'participantIds') return JSON.stringify([...((value as string[]) ?? [])].sort());
  if (field === 'teamAggregation') return String(value ?? 'sum');
  return JSON.stringify(sortedKeys(value ?? null));
}

/** Object keys sorted and numeric strings read as numbers, so equal definitions compare equal. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, sortedKeys(item)]),
    );
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return value;
}
