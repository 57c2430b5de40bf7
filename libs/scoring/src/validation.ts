import type Decimal from 'decimal.js';
import { toDecimal } from './decimal';
import { isValidTimeZone } from './local-day';
import type { MultiplierWindow, ScoringContest, ScoringRule } from './types';

/*
 * The engine's preconditions, checked up front so the API can answer 400 naming each field.
 * Every problem reads `<field path>: <what is wrong>`, e.g. `rules.1.pointsPerUnit: must be
 * greater than 0`. The checks are defensive about runtime types: definitions arrive as JSON.
 */

function readDecimal(value: unknown): Decimal | null {
  try {
    return toDecimal(value as never);
  } catch {
    return null;
  }
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function checkDecimal(
  problems: string[],
  path: string,
  value: unknown,
  bound: 'positive' | 'non-negative',
): void {
  const parsed = readDecimal(value);
  if (parsed === null) problems.push(`${path}: must be a decimal number`);
  else if (bound === 'positive' && !parsed.greaterThan(0))
    problems.push(`${path}: must be greater than 0`);
  else if (bound === 'non-negative' && parsed.isNegative() && !parsed.isZero())
    problems.push(`${path}: must be 0 or greater`);
}

function checkPeriod(problems: string[], path: string, startsAt: unknown, endsAt: unknown): void {
  const prefix = path ? `${path}.` : '';
  if (!isValidDate(startsAt)) problems.push(`${prefix}startsAt: must be a valid date`);
  if (!isValidDate(endsAt)) problems.push(`${prefix}endsAt: must be a valid date`);
  else if (isValidDate(startsAt) && endsAt.getTime() <= startsAt.getTime())
    problems.push(`${prefix}endsAt: must be after startsAt`);
}

/** Rules: a type each, at most one rule per type, pointsPerUnit > 0, caps ≥ 0 when present. */
export function validateRules(rules: readonly ScoringRule[], path = 'rules'): string[] {
  if (!Array.isArray(rules)) return [`${path}: must be a list`];
  const problems: string[] = [];
  const firstIndexByType = new Map<string, number>();
  rules.forEach((rule: ScoringRule | null | undefined, index) => {
    const at = `${path}.${index}`;
    if (typeof rule !== 'object' || rule === null) {
      problems.push(`${at}: must be an object`);
      return;
    }
    if (!isNonEmptyString(rule.activityType)) {
      problems.push(`${at}.activityType: must be a non-empty string`);
    } else {
      const first = firstIndexByType.get(rule.activityType);
      if (first === undefined) firstIndexByType.set(rule.activityType, index);
      else
        problems.push(
          `${at}.activityType: "${rule.activityType}" already has a rule (${path}.${first})`,
        );
    }
    checkDecimal(problems, `${at}.pointsPerUnit`, rule.pointsPerUnit, 'positive');
    for (const cap of ['dailyCap', 'totalCap'] as const) {
      if (rule[cap] !== undefined && rule[cap] !== null)
        checkDecimal(problems, `${at}.${cap}`, rule[cap], 'non-negative');
    }
  });
  return problems;
}

/** Multiplier windows: valid dates with startsAt < endsAt, factor > 0, optional list of types. */
export function validateMultipliers(
  multipliers: readonly MultiplierWindow[],
  path = 'multipliers',
): string[] {
  if (!Array.isArray(multipliers)) return [`${path}: must be a list`];
  const problems: string[] = [];
  multipliers.forEach((window: MultiplierWindow | null | undefined, index) => {
    const at = `${path}.${index}`;
    if (typeof window !== 'object' || window === null) {
      problems.push(`${at}: must be an object`);
      return;
    }
    checkPeriod(problems, at, window.startsAt, window.endsAt);
    checkDecimal(problems, `${at}.factor`, window.factor, 'positive');
    const types: unknown = window.activityTypes;
    if (types === undefined || types === null) return;
    if (!Array.isArray(types)) {
      problems.push(`${at}.activityTypes: must be a list of activity types`);
      return;
    }
    types.forEach((type: unknown, typeIndex) => {
      if (!isNonEmptyString(type))
        problems.push(`${at}.activityTypes.${typeIndex}: must be a non-empty string`);
    });
  });
  return problems;
}

/**
 * Everything the engine assumes of a contest definition; an empty list means it can be scored.
 * (Whether a contest needs at least one rule, or whether its types exist in the catalogue, is
 * the caller's business.)
 */
export function validateContestDefinition(contest: ScoringContest): string[] {
  const problems: string[] = [];
  checkPeriod(problems, '', contest.startsAt, contest.endsAt);
  if (!isValidTimeZone(contest.timezone))
    problems.push('timezone: must be an IANA time zone such as "Europe/Paris"');
  problems.push(...validateRules(contest.rules));
  if (contest.multipliers !== undefined && contest.multipliers !== null)
    problems.push(...validateMultipliers(contest.multipliers));
  if (contest.goalPoints !== undefined && contest.goalPoints !== null)
    checkDecimal(problems, 'goalPoints', contest.goalPoints, 'positive');
  return problems;
}
