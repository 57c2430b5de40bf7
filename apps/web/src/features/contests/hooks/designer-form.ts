import type {
  AchievementKind,
  Contest,
  ContestAchievement,
  ContestDefinition,
  ContestMode,
  PreviewContestRequest,
  TeamAggregation,
} from '@arena/contracts';
import {
  isoToZonedLocal,
  isSkippedLocalTime,
  zonedLocalToIso,
} from '../../../shared/ui/zoned-time';

/** What the designer's inputs hold: text as typed, so a half-typed number is not lost. */
export type RuleRow = {
  activityType: string;
  pointsPerUnit: string;
  dailyCap: string;
  totalCap: string;
};
export type MultiplierRow = {
  startsAt: string;
  endsAt: string;
  factor: string;
  /** Empty: every activity type. */
  activityTypes: string[];
};
export type PrizeRow = { rank: string; description: string };
/** An automatic achievement; only the fields its kind uses are read. */
export type AchievementRow = {
  kind: AchievementKind;
  activityType: string;
  units: string;
  days: string;
  minUnitsPerDay: string;
};

export const emptyAchievement = (kind: AchievementKind, activityType = ''): AchievementRow => ({
  kind,
  activityType,
  units: kind === 'milestone' ? '10' : '',
  days: kind === 'streak' ? '3' : '',
  minUnitsPerDay: kind === 'streak' ? '5' : '',
});

export type DesignerForm = {
  name: string;
  description: string;
  /** datetime-local values, wall-clock time in `timezone`. */
  startsAt: string;
  endsAt: string;
  timezone: string;
  mode: ContestMode;
  teamAggregation: TeamAggregation;
  participantIds: string[];
  rules: RuleRow[];
  multipliers: MultiplierRow[];
  goalPoints: string;
  prizes: PrizeRow[];
  achievements: AchievementRow[];
};

/** Field path (the server's dotted form, e.g. `rules.0.pointsPerUnit`) → problem. */
export type DesignerErrors = Record<string, string>;

export const emptyRule = (activityType = ''): RuleRow => ({
  activityType,
  pointsPerUnit: '',
  dailyCap: '',
  totalCap: '',
});

/** A new design: starts at the next midnight for a week, in the organisation's zone. */
export function newDesign(timezone: string, now = new Date()): DesignerForm {
  const today = isoToZonedLocal(now.toISOString(), timezone).slice(0, 10);
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + 1);
  const end = new Date(start);
  end.setUTCDate(end.getUTCDate() + 7);
  return {
    name: '',
    description: '',
    startsAt: start.toISOString().slice(0, 16),
    endsAt: end.toISOString().slice(0, 16),
    timezone,
    mode: 'individual',
    teamAggregation: 'sum',
    participantIds: [],
    rules: [emptyRule('call')],
    multipliers: [],
    goalPoints: '',
    prizes: [],
    achievements: [],
  };
}

const text = (value: number | null | undefined) => (value == null ? '' : String(value));

/** An existing contest back into the form, its times shown in its own zone. */
export function designFromContest(contest: Contest): DesignerForm {
  const local = (iso: string) => isoToZonedLocal(iso, contest.timezone);
  return {
    name: contest.name,
    description: contest.description,
    startsAt: local(contest.startsAt),
    endsAt: local(contest.endsAt),
    timezone: contest.timezone,
    mode: contest.mode,
    teamAggregation: contest.teamAggregation,
    participantIds: [...contest.participantIds],
    rules: contest.rules.map((rule) => ({
      activityType: rule.activityType,
      pointsPerUnit: String(rule.pointsPerUnit),
      dailyCap: text(rule.dailyCap),
      totalCap: text(rule.totalCap),
    })),
    multipliers: contest.multipliers.map((window) => ({
      startsAt: local(window.startsAt),
      endsAt: local(window.endsAt),
      factor: String(window.factor),
      activityTypes: [...(window.activityTypes ?? [])],
    })),
    goalPoints: text(contest.goalPoints),
    prizes: contest.prizes.map((prize) => ({
      rank: String(prize.rank),
      description: prize.description,
    })),
    achievements: contest.achievements.map((achievement) => ({
      kind: achievement.kind,
      activityType: achievement.activityType ?? '',
      units: text(achievement.units),
      days: text(achievement.days),
      minUnitsPerDay: text(achievement.minUnitsPerDay),
    })),
  };
}

type Mapped = { definition: ContestDefinition; errors: DesignerErrors };

/**
 * The form as the API's contest definition, with the problems a browser can see on its own
 * (reported under the server's field paths, so both kinds show in the same place).
 */
export function toDefinition(form: DesignerForm): Mapped {
  const errors: DesignerErrors = {};
  const number = (path: string, raw: string, opts: { optional?: boolean; positive?: boolean }) => {
    const trimmed = raw.trim();
    if (trimmed === '') {
      if (!opts.optional) errors[path] = 'Enter a number.';
      return null;
    }
    const value = Number(trimmed);
    if (!Number.isFinite(value)) {
      errors[path] = 'Enter a number.';
      return null;
    }
    if (opts.positive ? value <= 0 : value < 0) {
      errors[path] = opts.positive ? 'Must be greater than 0.' : 'Must be 0 or more.';
    }
    return value;
  };
  const instant = (path: string, local: string) => {
    const iso = zonedLocalToIso(local, form.timezone);
    if (!iso)
      errors[path] = isSkippedLocalTime(local, form.timezone)
        ? `${form.timezone} skips this time when its clocks move forward; choose another.`
        : 'Enter a date and time.';
    return iso ?? '';
  };

  if (!form.name.trim()) errors.name = 'Give the contest a name.';
  const startsAt = instant('startsAt', form.startsAt);
  const endsAt = instant('endsAt', form.endsAt);
  if (startsAt && endsAt && endsAt <= startsAt) errors.endsAt = 'Must be after the start.';
  if (form.rules.length === 0) errors.rules = 'Add at least one scoring rule.';

  const definition: ContestDefinition = {
    name: form.name.trim(),
    description: form.description.trim(),
    startsAt,
    endsAt,
    timezone: form.timezone,
    mode: form.mode,
    teamAggregation: form.teamAggregation,
    participantIds: [...form.participantIds],
    rules: form.rules.map((rule, i) => {
      if (!rule.activityType) errors[`rules.${i}.activityType`] = 'Choose an activity type.';
      return {
        activityType: rule.activityType,
        pointsPerUnit:
          number(`rules.${i}.pointsPerUnit`, rule.pointsPerUnit, { positive: true }) ?? 0,
        dailyCap: number(`rules.${i}.dailyCap`, rule.dailyCap, { optional: true }),
        totalCap: number(`rules.${i}.totalCap`, rule.totalCap, { optional: true }),
      };
    }),
    multipliers: form.multipliers.map((window, i) => ({
      startsAt: instant(`multipliers.${i}.startsAt`, window.startsAt),
      endsAt: instant(`multipliers.${i}.endsAt`, window.endsAt),
      factor: number(`multipliers.${i}.factor`, window.factor, { positive: true }) ?? 1,
      activityTypes: window.activityTypes.length > 0 ? [...window.activityTypes] : null,
    })),
    goalPoints: number('goalPoints', form.goalPoints, { optional: true, positive: true }),
    prizes: form.prizes.map((prize, i) => {
      const rank = number(`prizes.${i}.rank`, prize.rank, { positive: true });
      if (rank !== null && !Number.isInteger(rank)) errors[`prizes.${i}.rank`] = 'A whole rank.';
      if (!prize.description.trim()) errors[`prizes.${i}.description`] = 'Describe the prize.';
      return { rank: rank ?? 0, description: prize.description.trim() };
    }),
    achievements: form.achievements.map((row, i): ContestAchievement => {
      if (row.kind !== 'milestone' && row.kind !== 'streak') return { kind: row.kind };
      if (!row.activityType) errors[`achievements.${i}.activityType`] = 'Choose an activity type.';
      if (row.kind === 'milestone') {
        return {
          kind: row.kind,
          activityType: row.activityType,
          units: number(`achievements.${i}.units`, row.units, { positive: true }),
        };
      }
      const days = number(`achievements.${i}.days`, row.days, { positive: true });
      if (days !== null && (!Number.isInteger(days) || days < 2))
        errors[`achievements.${i}.days`] = 'At least 2 whole days.';
      return {
        kind: row.kind,
        activityType: row.activityType,
        days,
        minUnitsPerDay: number(`achievements.${i}.minUnitsPerDay`, row.minUnitsPerDay, {
          positive: true,
        }),
      };
    }),
  };
  return { definition, errors };
}

/** The preview request: the design scored over `[from, to)` in the past. */
export function toPreviewRequest(
  definition: ContestDefinition,
  days: number,
  now = new Date(),
): PreviewContestRequest {
  const to = new Date(now);
  to.setUTCSeconds(0, 0);
  const from = new Date(to.getTime() - days * 86_400_000);
  return {
    ...definition,
    // The preview only needs a name to be valid; the design may not have one yet.
    name: definition.name || 'Preview',
    from: from.toISOString(),
    to: to.toISOString(),
  };
}
