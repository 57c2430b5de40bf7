import {
  contestDefinitionProblems,
  type AchievementKind,
  type Contest,
  type ContestAchievement,
  type ContestDefinition,
  type ContestDefinitionContext,
  type ContestMode,
  type ParticipantScope,
  type PreviewContestRequest,
  type TeamAggregation,
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
  /** Individual mode: listed reps, everyone in the organisation, or members of teams. */
  participantScope: ParticipantScope;
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
    participantScope: 'listed',
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
    participantScope: contest.participantScope ?? 'listed',
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
 * The form as the API's contest definition, with its problems under the server's field paths:
 * what the text cannot be read as (a number, a time the zone skips), then what the shared rules
 * (`contestDefinitionProblems`, the same function the server runs) refuse — so whatever this
 * refuses, the server refuses with the same code. `context` says what the page knows: the
 * catalogue, whether the contest is (to be) published, the stored definition of an ended one.
 */
export function toDefinition(form: DesignerForm, context: ContestDefinitionContext = {}): Mapped {
  const errors: DesignerErrors = {};
  /** Text → number; empty is null (the shared rules say whether that is allowed). */
  const number = (path: string, raw: string) => {
    const trimmed = raw.trim();
    if (trimmed === '') return null;
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
    errors[path] = 'Enter a number.';
    return null;
  };
  const instant = (path: string, local: string) => {
    const iso = zonedLocalToIso(local, form.timezone);
    if (!iso)
      errors[path] = isSkippedLocalTime(local, form.timezone)
        ? `${form.timezone} skips this time when its clocks move forward; choose another.`
        : 'Enter a date and time.';
    return iso ?? '';
  };

  const definition: ContestDefinition = {
    name: form.name.trim(),
    description: form.description.trim(),
    startsAt: instant('startsAt', form.startsAt),
    endsAt: instant('endsAt', form.endsAt),
    timezone: form.timezone,
    mode: form.mode,
    teamAggregation: form.teamAggregation,
    participantScope: form.mode === 'team' ? 'listed' : form.participantScope,
    participantIds: [...form.participantIds],
    rules: form.rules.map((rule, i) => ({
      activityType: rule.activityType,
      pointsPerUnit: number(`rules.${i}.pointsPerUnit`, rule.pointsPerUnit) ?? Number.NaN,
      dailyCap: number(`rules.${i}.dailyCap`, rule.dailyCap),
      totalCap: number(`rules.${i}.totalCap`, rule.totalCap),
    })),
    multipliers: form.multipliers.map((window, i) => ({
      startsAt: instant(`multipliers.${i}.startsAt`, window.startsAt),
      endsAt: instant(`multipliers.${i}.endsAt`, window.endsAt),
      factor: number(`multipliers.${i}.factor`, window.factor) ?? Number.NaN,
      activityTypes: window.activityTypes.length > 0 ? [...window.activityTypes] : null,
    })),
    goalPoints: number('goalPoints', form.goalPoints),
    prizes: form.prizes.map((prize, i) => ({
      rank: number(`prizes.${i}.rank`, prize.rank) ?? Number.NaN,
      description: prize.description.trim(),
    })),
    achievements: form.achievements.map((row, i): ContestAchievement => {
      if (row.kind === 'milestone') {
        return {
          kind: row.kind,
          activityType: row.activityType,
          units: number(`achievements.${i}.units`, row.units),
        };
      }
      if (row.kind === 'streak') {
        return {
          kind: row.kind,
          activityType: row.activityType,
          days: number(`achievements.${i}.days`, row.days),
          minUnitsPerDay: number(`achievements.${i}.minUnitsPerDay`, row.minUnitsPerDay),
        };
      }
      return { kind: row.kind };
    }),
  };
  for (const problem of contestDefinitionProblems(definition, context)) {
    // The first word on a field: what could not be read, else the first rule it breaks.
    errors[problem.field] ??= problem.message;
  }
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
