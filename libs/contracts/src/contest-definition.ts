import type { Contest, ContestDefinition, ContestMode } from './contests';

/*
 * The one set of rules for a contest definition, shared by the API (which answers 400/409 with
 * these problems) and the web designer (which shows the same messages under the same fields
 * before sending). Request shape — types, formats, enums — is the API's business (its DTOs);
 * everything about values lives here: limits, window order, rules and points, multiplier windows,
 * goal, prizes, achievements, what publishing needs and what an ended contest may change.
 */

/** The limits of a contest definition; the API's OpenAPI documents the same numbers. */
export const CONTEST_LIMITS = {
  nameLength: 120,
  descriptionLength: 2000,
  /** The longest contest (and preview period), in days. */
  windowDays: 400,
  participants: 100_000,
  /** Entries above and below a participant in `?around=` (default `aroundCount`). */
  aroundCount: { default: 5, max: 50 },
  rules: 50,
  multipliers: 100,
  /** Activity types one multiplier window may list. */
  multiplierTypes: 50,
  prizes: 100,
  prizeDescriptionLength: 200,
  prizeRank: { min: 1, max: 1000 },
  achievements: 20,
  pointsPerUnit: { max: 1_000_000, places: 4 },
  /** dailyCap and totalCap, in units. */
  cap: { max: 1_000_000_000, places: 2 },
  factor: { max: 1000, places: 4 },
  goalPoints: { max: 1_000_000_000, places: 2 },
  /** A milestone's units and a streak's units per day. */
  achievementUnits: { max: 1_000_000_000, places: 2 },
  streakDays: { min: 2, max: 366 },
} as const;

/** An activity-type key: a lower-case slug such as `call` or `crm_update`. */
export const ACTIVITY_TYPE_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** Stable reasons a definition is refused; clients branch on these, never on the message. */
export const CONTEST_PROBLEM_CODES = [
  /** A value that must be given is empty. */
  'required',
  /** A text is longer than its limit. */
  'too_long',
  /** A list has more items than its limit. */
  'too_many',
  /** A number is below or above its bounds. */
  'out_of_range',
  /** A number has more decimals than are stored. */
  'too_precise',
  /** A number must be whole. */
  'not_whole',
  /** A window's end is not after its start. */
  'not_after_start',
  /** The contest lasts longer than `CONTEST_LIMITS.windowDays`. */
  'window_too_long',
  'unknown_time_zone',
  /** The same rule, prize rank, participant, type or achievement is given twice. */
  'duplicate',
  /** Not an activity type of the organisation's catalogue. */
  'unknown_activity_type',
  /** An achievement names an activity type the contest has no rule for. */
  'no_rule_for_type',
  /** A `goal_reached` achievement in a contest without `goalPoints`. */
  'needs_goal',
  /** Not a user (individual mode) or team (team mode) of the organisation. */
  'unknown_participant',
  /** A user who does not compete (SPEC: only competitors are scored). */
  'not_competing',
  /**
   * `participantScope` does not fit the rest: `all` lists no ids, a team contest lists its teams
   * (scope `listed` only).
   */
  'conflicting_scope',
  /** Publishing (and staying published) needs at least one rule and one participant. */
  'required_to_publish',
  /** The contest has ended: this field is fixed (SPEC §3). The API answers 409 `contest_ended`. */
  'contest_ended',
] as const;
export type ContestProblemCode = (typeof CONTEST_PROBLEM_CODES)[number];

/** One problem of a definition, under the API's dotted field path (`rules.0.pointsPerUnit`). */
export interface ContestProblem {
  field: string;
  code: ContestProblemCode;
  /** A sentence for people, shown next to the field. */
  message: string;
}

/** What a participant id is, as far as the caller can tell. */
export type ParticipantStanding = 'competes' | 'unknown' | 'not_competing';

/** What the rules need beyond the definition itself. A check whose input is absent is skipped. */
export interface ContestDefinitionContext {
  /** The keys of the organisation's activity types. */
  activityTypes?: ReadonlySet<string>;
  /** How each participant id stands, in the definition's mode. */
  participant?: (id: string) => ParticipantStanding;
  /** The contest is to be published, or is published already (and must stay publishable). */
  published?: boolean;
  /**
   * The stored definition of a published contest that has ended: the fields in
   * `FIXED_AFTER_END` may not differ from it.
   */
  endedAs?: ContestDefinition;
}

/** What decides an ended contest's scores, ranks and prizes (SPEC §3); name and description stay editable. */
export const FIXED_AFTER_END = [
  'startsAt',
  'endsAt',
  'timezone',
  'mode',
  'teamAggregation',
  'participantScope',
  'participantIds',
  'rules',
  'multipliers',
  'goalPoints',
  'prizes',
  'achievements',
] as const satisfies ReadonlyArray<keyof ContestDefinition>;
export type FixedAfterEndField = (typeof FIXED_AFTER_END)[number];

/** A published contest whose end has passed: its `FIXED_AFTER_END` fields can no longer change. */
export function hasEnded(
  contest: { publishedAt: string | Date | null; endsAt: string | Date },
  now = new Date(),
): boolean {
  return contest.publishedAt != null && new Date(contest.endsAt).getTime() <= now.getTime();
}

/** A stored contest's definition: what an edit starts from and an ended contest is compared with. */
export function contestDefinitionOf(
  contest: Contest,
): ContestDefinition & Pick<Contest, 'timezone' | 'mode'> {
  return {
    name: contest.name,
    description: contest.description,
    startsAt: contest.startsAt,
    endsAt: contest.endsAt,
    timezone: contest.timezone,
    mode: contest.mode,
    teamAggregation: contest.teamAggregation,
    participantScope: contest.participantScope,
    participantIds: contest.participantIds,
    rules: contest.rules,
    multipliers: contest.multipliers,
    goalPoints: contest.goalPoints,
    prizes: contest.prizes,
    achievements: contest.achievements,
  };
}

/**
 * Every problem of `definition`, in field order; an empty list means it may be stored.
 * Values are read defensively (a definition may arrive as JSON), but their types are the caller's
 * to check: a non-number where a number belongs is not reported here. A number that is absent,
 * null or NaN (what a form passes for an empty field) is missing.
 */
export function contestDefinitionProblems(
  definition: ContestDefinition,
  context: ContestDefinitionContext = {},
): ContestProblem[] {
  const problems: ContestProblem[] = [];
  const fail = (field: string, code: ContestProblemCode, message: string) =>
    problems.push({ field, code, message });
  const L = CONTEST_LIMITS;
  const types = context.activityTypes;

  const name = (definition.name ?? '').trim();
  if (name === '') fail('name', 'required', 'Give the contest a name.');
  else if (name.length > L.nameLength)
    fail('name', 'too_long', `At most ${L.nameLength} characters.`);
  if ((definition.description ?? '').trim().length > L.descriptionLength)
    fail('description', 'too_long', `At most ${L.descriptionLength} characters.`);

  window(fail, '', definition.startsAt, definition.endsAt, L.windowDays);
  if (definition.timezone !== undefined && !isTimeZone(definition.timezone))
    fail('timezone', 'unknown_time_zone', 'Not an IANA time zone such as Europe/Amsterdam.');

  const rules = definition.rules ?? [];
  const ruleTypes = new Set<string>();
  if (rules.length === 0 && context.published)
    fail('rules', 'required_to_publish', 'A published contest needs at least one rule.');
  if (rules.length > L.rules) fail('rules', 'too_many', `At most ${L.rules} rules.`);
  else {
    rules.forEach((rule, i) => {
      const at = `rules.${i}`;
      activityType(fail, `${at}.activityType`, rule.activityType, types, ruleTypes);
      ruleTypes.add(rule.activityType);
      amount(fail, `${at}.pointsPerUnit`, rule.pointsPerUnit, {
        positive: true,
        ...L.pointsPerUnit,
      });
      amount(fail, `${at}.dailyCap`, rule.dailyCap, { optional: true, ...L.cap });
      amount(fail, `${at}.totalCap`, rule.totalCap, { optional: true, ...L.cap });
    });
  }

  const multipliers = definition.multipliers ?? [];
  if (multipliers.length > L.multipliers)
    fail('multipliers', 'too_many', `At most ${L.multipliers} power hours.`);
  else {
    multipliers.forEach((multiplier, i) => {
      const at = `multipliers.${i}`;
      window(fail, `${at}.`, multiplier.startsAt, multiplier.endsAt);
      amount(fail, `${at}.factor`, multiplier.factor, { positive: true, ...L.factor });
      const listed = multiplier.activityTypes ?? [];
      if (listed.length > L.multiplierTypes)
        fail(`${at}.activityTypes`, 'too_many', `At most ${L.multiplierTypes} activity types.`);
      else {
        const seen = new Set<string>();
        listed.forEach((key, j) => {
          activityType(fail, `${at}.activityTypes.${j}`, key, types, seen);
          seen.add(key);
        });
      }
    });
  }

  amount(fail, 'goalPoints', definition.goalPoints, {
    optional: true,
    positive: true,
    ...L.goalPoints,
  });

  const prizes = definition.prizes ?? [];
  if (prizes.length > L.prizes) fail('prizes', 'too_many', `At most ${L.prizes} prizes.`);
  else {
    const ranks = new Set<number>();
    prizes.forEach((prize, i) => {
      const at = `prizes.${i}`;
      if (prize.rank == null || Number.isNaN(prize.rank))
        fail(`${at}.rank`, 'required', 'Enter a number.');
      else if (!Number.isInteger(prize.rank))
        fail(`${at}.rank`, 'not_whole', 'A rank is a whole number.');
      else if (prize.rank < L.prizeRank.min || prize.rank > L.prizeRank.max)
        fail(`${at}.rank`, 'out_of_range', `From ${L.prizeRank.min} to ${L.prizeRank.max}.`);
      else if (ranks.has(prize.rank))
        fail(`${at}.rank`, 'duplicate', `Rank ${prize.rank} already has a prize.`);
      ranks.add(prize.rank);
      const description = (prize.description ?? '').trim();
      if (description === '') fail(`${at}.description`, 'required', 'Describe the prize.');
      else if (description.length > L.prizeDescriptionLength)
        fail(`${at}.description`, 'too_long', `At most ${L.prizeDescriptionLength} characters.`);
    });
  }

  const achievements = definition.achievements ?? [];
  if (achievements.length > L.achievements)
    fail('achievements', 'too_many', `At most ${L.achievements} achievements.`);
  else {
    const seen = new Set<string>();
    achievements.forEach((achievement, i) => {
      const at = `achievements.${i}`;
      const { kind } = achievement;
      const key = JSON.stringify([
        kind,
        achievement.activityType ?? null,
        achievement.units ?? null,
        achievement.days ?? null,
        achievement.minUnitsPerDay ?? null,
      ]);
      if (seen.has(key)) fail(at, 'duplicate', 'The same achievement is defined twice.');
      seen.add(key);
      if (kind === 'goal_reached' && definition.goalPoints == null)
        fail(`${at}.kind`, 'needs_goal', 'Give the contest a goal to celebrate reaching it.');
      if (kind !== 'milestone' && kind !== 'streak') return;
      if (!achievement.activityType)
        fail(`${at}.activityType`, 'required', 'Choose an activity type.');
      else if (!ruleTypes.has(achievement.activityType))
        fail(
          `${at}.activityType`,
          'no_rule_for_type',
          `"${achievement.activityType}" has no rule in this contest.`,
        );
      const units = { positive: true, ...L.achievementUnits };
      if (kind === 'milestone') amount(fail, `${at}.units`, achievement.units, units);
      else {
        const days = achievement.days;
        if (days == null || Number.isNaN(days)) fail(`${at}.days`, 'required', 'Enter a number.');
        else if (!Number.isInteger(days))
          fail(`${at}.days`, 'not_whole', `At least ${L.streakDays.min} whole days.`);
        else if (days < L.streakDays.min || days > L.streakDays.max)
          fail(
            `${at}.days`,
            'out_of_range',
            `From ${L.streakDays.min} to ${L.streakDays.max} days.`,
          );
        amount(fail, `${at}.minUnitsPerDay`, achievement.minUnitsPerDay, units);
      }
    });
  }

  const ids = definition.participantIds ?? [];
  const scope = definition.participantScope ?? 'listed';
  if (scope !== 'listed' && definition.mode === 'team')
    fail(
      'participantScope',
      'conflicting_scope',
      'A team contest lists its teams: "everyone" and "members of teams" are for individual contests.',
    );
  if (scope === 'all' && ids.length > 0)
    fail(
      'participantIds',
      'conflicting_scope',
      'A contest open to everyone in the organisation lists no participants.',
    );
  if (ids.length === 0 && context.published && scope !== 'all')
    fail(
      'participantIds',
      'required_to_publish',
      'A published contest needs at least one participant.',
    );
  if (ids.length > L.participants)
    fail('participantIds', 'too_many', `At most ${L.participants} participants.`);
  else if (scope !== 'all') {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      const standing = seen.has(id) ? 'duplicate' : (context.participant?.(id) ?? 'competes');
      seen.add(id);
      if (standing === 'duplicate')
        fail(`participantIds.${i}`, 'duplicate', 'This participant is listed twice.');
      else if (standing === 'unknown')
        fail(
          `participantIds.${i}`,
          'unknown_participant',
          unknownParticipant(scope === 'teams' ? 'team' : definition.mode),
        );
      else if (standing === 'not_competing')
        fail(
          `participantIds.${i}`,
          'not_competing',
          'Does not compete in contests (an admin can turn "competes" on for a player-coach).',
        );
    });
  }

  if (context.endedAs) {
    for (const field of changedAfterEnd(context.endedAs, definition))
      fail(field, 'contest_ended', 'The contest has ended: this can no longer change.');
  }
  return problems;
}

/**
 * The `FIXED_AFTER_END` fields `after` changes from `before`. Values compare by meaning (instants,
 * numbers, participants as a set, absent as the default), so resending the stored definition
 * changes nothing.
 */
export function changedAfterEnd(
  before: ContestDefinition,
  after: ContestDefinition,
): FixedAfterEndField[] {
  return FIXED_AFTER_END.filter(
    (field) => canonical(field, before[field]) !== canonical(field, after[field]),
  );
}

type Fail = (field: string, code: ContestProblemCode, message: string) => void;

function unknownParticipant(mode: ContestMode | undefined): string {
  return mode === 'team'
    ? 'No team with this id in your organisation.'
    : 'No active user with this id in your organisation.';
}

function window(fail: Fail, prefix: string, startsAt: string, endsAt: string, maxDays?: number) {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (Number.isNaN(start)) fail(`${prefix}startsAt`, 'required', 'Enter a date and time.');
  if (Number.isNaN(end)) fail(`${prefix}endsAt`, 'required', 'Enter a date and time.');
  if (Number.isNaN(start) || Number.isNaN(end)) return;
  if (end <= start) fail(`${prefix}endsAt`, 'not_after_start', 'Must be after the start.');
  else if (maxDays !== undefined && end - start > maxDays * 86_400_000)
    fail(`${prefix}endsAt`, 'window_too_long', `A contest may last at most ${maxDays} days.`);
}

function activityType(
  fail: Fail,
  field: string,
  key: string,
  catalogue: ReadonlySet<string> | undefined,
  seen: ReadonlySet<string>,
) {
  if (!key) fail(field, 'required', 'Choose an activity type.');
  else if (catalogue && !catalogue.has(key))
    fail(field, 'unknown_activity_type', `Unknown activity type "${key}".`);
  else if (seen.has(key)) fail(field, 'duplicate', `"${key}" is listed twice.`);
}

function amount(
  fail: Fail,
  field: string,
  value: number | null | undefined,
  bounds: { optional?: boolean; positive?: boolean; max: number; places: number },
) {
  if (value == null || Number.isNaN(value)) {
    if (!bounds.optional) fail(field, 'required', 'Enter a number.');
    return;
  }
  if (bounds.positive ? !(value > 0) : !(value >= 0))
    fail(field, 'out_of_range', bounds.positive ? 'Must be greater than 0.' : 'Must be 0 or more.');
  else if (value > bounds.max)
    fail(field, 'out_of_range', `At most ${bounds.max.toLocaleString('en')}.`);
  else if (decimalPlaces(value) > bounds.places)
    fail(
      field,
      'too_precise',
      bounds.places === 0 ? 'A whole number.' : `At most ${bounds.places} decimals.`,
    );
}

/** The decimals a number is written with (`1.25` → 2, `1e-7` → 7), as JSON would send it. */
function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = String(value).toLowerCase().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

function isTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A comparable form of one field: instants as epoch ms, numbers as numbers, sets sorted. */
function canonical(field: FixedAfterEndField, value: unknown): string {
  if (field === 'startsAt' || field === 'endsAt') return String(Date.parse(String(value)));
  if (field === 'participantIds') return JSON.stringify([...((value as string[]) ?? [])].sort());
  if (field === 'teamAggregation') return String(value ?? 'sum');
  if (field === 'mode') return String(value ?? 'individual');
  if (field === 'participantScope') return String(value ?? 'listed');
  if (field === 'multipliers') {
    // An empty list of types means every type, as absent does.
    const windows = (value as Array<{ activityTypes?: string[] | null }> | undefined) ?? [];
    value = windows.map((w) => ({
      ...w,
      activityTypes: w.activityTypes?.length ? w.activityTypes : null,
    }));
  }
  return JSON.stringify(sortedKeys(value ?? (field === 'goalPoints' ? null : [])));
}

/** Object keys sorted, absent and null alike, numeric strings read as numbers. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined && item !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, sortedKeys(item)]),
    );
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return value;
}
