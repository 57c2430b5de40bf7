import { localDay } from './local-day';
import { windowAppliesTo } from './multipliers';
import { compareActivities } from './order';
import { scoreParticipant } from './score-participant';
import type {
  BreakdownLine,
  DecimalInput,
  ParticipantScore,
  ScoredActivity,
  ScoringActivity,
  ScoringContest,
} from './types';

/**
 * `scoreParticipant` for re-scoring a whole log, one participant after the other: the same
 * result, digit for digit, at a fraction of the cost. A contest's rates, caps and factors are
 * read once; each activity is then scored in scaled integers (exact while every value stays a
 * safe integer, which `Number.isSafeInteger` checks after each step) instead of a dozen Decimal
 * allocations, and local days come from a per-quarter-hour cache instead of an Intl call each.
 * Anything the integer path cannot represent exactly (a quantity with more decimals than the
 * unit scale, a product past 2^53, a non-string input) scores that participant with
 * `scoreParticipant` itself, so exactness never depends on the fast path covering a case.
 */
export interface RepScorer {
  /** Like `scoreParticipant(contest, userId, activities)`. */
  score(userId: string, activities: readonly ScoringActivity[]): ParticipantScore;
}

/** A decimal as `int × 10^-scale`, both safe integers. */
interface Scaled {
  int: number;
  scale: number;
}

interface CompiledWindow {
  start: number;
  end: number;
  bit: number;
}

/** A product of multiplier factors: one per set of windows an activity falls in. */
interface Factor {
  int: number;
  scale: number;
  text: string;
  /** Index into a line's per-factor points sums. */
  slot: number;
}

interface CompiledRule {
  type: string;
  rate: Scaled;
  /** At the unit scale; null = no cap. */
  dailyCap: number | null;
  totalCap: number | null;
  windows: CompiledWindow[];
}

interface Compiled {
  start: number;
  end: number;
  unitScale: number;
  rules: Map<string, CompiledRule>;
  factors: Map<number, Factor>;
  /** Factor scales by slot, for summing points of different windows exactly. */
  factorScales: number[];
  windowFactors: Scaled[];
  day: (time: number) => string;
}

/** Per-rep sums of one type; points are kept per factor slot, each at its own scale. */
interface Line {
  rule: CompiledRule;
  total: number;
  byDay: Map<string, number>;
  units: number;
  counted: number;
  points: number[];
}

/** Thrown inside the integer path when a value leaves it; caught by `score`. */
class NotExact extends Error {}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;
const MAX_UNIT_SCALE = 6;
const QUARTER_HOUR = 15 * 60_000;

/** Exact text of a plain decimal input, or null (a Decimal, an exponent, NaN…). */
function plainText(value: DecimalInput): string | null {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
  return text !== null && PLAIN.test(text) ? text : null;
}

/** `text` scaled to exactly `scale` decimals, or null when that loses digits or safety. */
function toScaled(text: string, scale: number): number | null {
  // The common case without a RegExp: unsigned digits with at most one point inside them.
  let int = 0;
  let point = -1;
  let plain = text.length > 0 && text.length <= 15;
  for (let i = 0; plain && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) int = int * 10 + (code - 48);
    else if (code === 46 && point === -1 && i > 0 && i < text.length - 1) point = i;
    else plain = false;
  }
  if (plain) {
    let fraction = point === -1 ? 0 : text.length - point - 1;
    while (fraction > 0 && int % 10 === 0) {
      int /= 10;
      fraction--;
    }
    if (fraction > scale) return null;
    for (; fraction < scale; fraction++) int *= 10;
    return Number.isSafeInteger(int) ? int : null;
  }
  return toScaledText(text, scale);
}

/** `toScaled` for any text, by the plain-decimal RegExp. */
function toScaledText(text: string, scale: number): number | null {
  const match = PLAIN.exec(text);
  if (!match) return null;
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return null;
  const int = Number(match[2] + fraction.padEnd(scale, '0'));
  if (!Number.isSafeInteger(int)) return null;
  return match[1] ? -int : int;
}

/** The fewest decimals `text` needs. */
function scaleOf(text: string): number {
  return (PLAIN.exec(text)?.[3] ?? '').replace(/0+$/, '').length;
}

/** `int × 10^-scale` in the engine's normalised form ("12.5", "0", "-0.01"). */
function format(int: number | bigint, scale: number): string {
  if (typeof int === 'number') {
    // A safe integer: trailing zeros dropped by exact division, no RegExp.
    if (int === 0) return '0';
    let value = int;
    let places = scale;
    while (places > 0 && value % 10 === 0) {
      value /= 10;
      places--;
    }
    const negative = value < 0;
    let digits = String(negative ? -value : value);
    if (places > 0) {
      if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
      digits = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
    }
    return negative ? `-${digits}` : digits;
  }
  const negative = int < 0;
  let digits = (negative ? -int : int).toString();
  if (digits === '0') return '0';
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative ? `-${digits}` : digits;
}

function safe(value: number): number {
  if (!Number.isSafeInteger(value)) throw new NotExact();
  return value;
}

/**
 * `localDay` memoised per quarter hour of `timezone`. A quarter hour whose two ends have the same
 * UTC offset and the same local day has that day throughout: offsets change at most once in any
 * quarter hour (tz transitions are months apart), so equal offsets at both ends mean none in
 * between. Other quarter hours (the one holding a transition) ask `localDay` per instant.
 */
function localDayCache(timezone: string): (time: number) => string {
  const offsetFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offset = (time: number): number => {
    const part: Record<string, number> = {};
    for (const { type, value } of offsetFormat.formatToParts(time)) part[type] = Number(value);
    const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
    return wall - Math.floor(time / 1000) * 1000;
  };
  const quarters = new Map<number, string | null>();
  return (time) => {
    const quarter = Math.floor(time / QUARTER_HOUR);
    let day = quarters.get(quarter);
    if (day === undefined) {
      const first = quarter * QUARTER_HOUR;
      const last = first + QUARTER_HOUR - 1;
      const start = localDay(new Date(first), timezone);
      day =
        start === localDay(new Date(last), timezone) && offset(first) === offset(last)
          ? start
          : null;
      quarters.set(quarter, day);
    }
    return day ?? localDay(new Date(time), timezone);
  };
}

/** The contest's numbers as scaled integers, or null when one of them is not a plain decimal. */
function compile(contest: ScoringContest): Compiled | null {
  const texts = contest.rules.map((rule) => ({
    rate: plainText(rule.pointsPerUnit),
    daily: rule.dailyCap == null ? null : plainText(rule.dailyCap),
    total: rule.totalCap == null ? null : plainText(rule.totalCap),
  }));
  let unitScale = 2;
  for (const [index, rule] of contest.rules.entries()) {
    const text = texts[index];
    if (
      !text.rate ||
      (rule.dailyCap != null && !text.daily) ||
      (rule.totalCap != null && !text.total)
    )
      return null;
    for (const cap of [text.daily, text.total])
      if (cap) unitScale = Math.max(unitScale, scaleOf(cap));
  }
  if (unitScale > MAX_UNIT_SCALE) return null;
  const windowFactors: Scaled[] = [];
  for (const window of contest.multipliers) {
    const text = plainText(window.factor);
    if (!text) return null;
    const scale = scaleOf(text);
    const int = toScaled(text, scale);
    if (int === null) return null;
    windowFactors.push({ int, scale });
  }
  const rules = new Map<string, CompiledRule>();
  for (const [index, rule] of contest.rules.entries()) {
    if (rules.has(rule.activityType)) continue; // with (invalid) duplicates the first one wins
    const text = texts[index];
    const rateScale = scaleOf(text.rate!);
    const rate = toScaled(text.rate!, rateScale);
    const daily = text.daily === null ? null : toScaled(text.daily, unitScale);
    const total = text.total === null ? null : toScaled(text.total, unitScale);
    if (
      rate === null ||
      (text.daily !== null && daily === null) ||
      (text.total !== null && total === null)
    )
      return null;
    rules.set(rule.activityType, {
      type: rule.activityType,
      rate: { int: rate, scale: rateScale },
      dailyCap: daily,
      totalCap: total,
      windows: contest.multipliers.flatMap((window, bit) =>
        windowAppliesTo(window, rule.activityType)
          ? [{ start: window.startsAt.getTime(), end: window.endsAt.getTime(), bit }]
          : [],
      ),
    });
  }
  if (contest.multipliers.length > 30) return null; // window sets are bit masks
  return {
    start: contest.startsAt.getTime(),
    end: contest.endsAt.getTime(),
    unitScale,
    rules,
    factors: new Map(),
    factorScales: [],
    windowFactors,
    day: localDayCache(contest.timezone),
  };
}

/** The product of the factors of the windows in `mask` (SPEC §3.4), memoised per mask. */
function factorOf(compiled: Compiled, mask: number): Factor {
  let factor = compiled.factors.get(mask);
  if (!factor) {
    let int = 1;
    let scale = 0;
    for (let bit = 0; bit < compiled.windowFactors.length; bit++) {
      if ((mask & (1 << bit)) === 0) continue;
      int = safe(int * compiled.windowFactors[bit].int);
      scale += compiled.windowFactors[bit].scale;
    }
    factor = { int, scale, text: format(int, scale), slot: compiled.factorScales.length };
    compiled.factorScales.push(scale);
    compiled.factors.set(mask, factor);
  }
  return factor;
}

/** Sums `ints[slot] × 10^-(base + scales[slot])` exactly, as a normalised string. */
function sumSlots(ints: readonly number[], base: number, scales: readonly number[]): string {
  let top = 0;
  for (let slot = 0; slot < ints.length; slot++) if (ints[slot]) top = Math.max(top, scales[slot]);
  let sum = 0n;
  for (let slot = 0; slot < ints.length; slot++) {
    if (ints[slot]) sum += BigInt(ints[slot]) * 10n ** BigInt(top - scales[slot]);
  }
  // Decimal's 40 significant digits would round a longer sum; leave that to the library.
  if ((sum < 0n ? -sum : sum).toString().length > 38) throw new NotExact();
  return format(sum, base + top);
}

function scoreExactly(
  compiled: Compiled,
  userId: string,
  activities: readonly ScoringActivity[],
): ParticipantScore {
  const { unitScale } = compiled;
  const lines = new Map<string, Line>();
  const explanation: ScoredActivity[] = [];
  let previous: ScoringActivity | undefined;
  for (const activity of activities) {
    // The caller's order must be the fixed one; anything else is the library's job.
    if (previous && compareActivities(previous, activity) > 0) throw new NotExact();
    previous = activity;
    if (activity.userId !== userId) continue;
    const time = activity.occurredAt.getTime();
    if (!(compiled.start <= time && time < compiled.end)) continue;
    const rule = compiled.rules.get(activity.activityType);
    if (!rule) continue;
    const text = typeof activity.quantity === 'string' ? activity.quantity : null;
    const quantity = text === null ? null : toScaled(text, unitScale);
    if (quantity === null) throw new NotExact();

    let line = lines.get(rule.type);
    if (!line) {
      line = { rule, total: 0, byDay: new Map(), units: 0, counted: 0, points: [] };
      lines.set(rule.type, line);
    }
    const day = compiled.day(time);
    const dayUnits = line.byDay.get(day) ?? 0;
    let counted = quantity;
    if (rule.dailyCap !== null && rule.dailyCap - dayUnits < counted)
      counted = rule.dailyCap - dayUnits;
    if (rule.totalCap !== null && rule.totalCap - line.total < counted)
      counted = rule.totalCap - line.total;
    if (counted <= 0) counted = 0;

    let mask = 0;
    for (const window of rule.windows)
      if (window.start <= time && time < window.end) mask |= 1 << window.bit;
    const factor = factorOf(compiled, mask);
    const points = safe(safe(counted * rule.rate.int) * factor.int);

    line.total = safe(line.total + counted);
    line.byDay.set(day, safe(dayUnits + counted));
    line.units = safe(line.units + quantity);
    line.counted = line.total;
    line.points[factor.slot] = safe((line.points[factor.slot] ?? 0) + points);
    explanation.push({
      activityId: activity.id,
      userId: activity.userId,
      activityType: activity.activityType,
      quantity: format(quantity, unitScale),
      occurredAt: activity.occurredAt,
      localDay: day,
      countedUnits: format(counted, unitScale),
      multiplier: factor.text,
      points: format(points, unitScale + rule.rate.scale + factor.scale),
    });
  }

  const breakdown: BreakdownLine[] = [];
  const totalInts: number[] = [];
  const totalScales: number[] = [];
  for (const type of [...lines.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const line = lines.get(type)!;
    const base = unitScale + line.rule.rate.scale;
    breakdown.push({
      activityType: type,
      units: format(line.units, unitScale),
      countedUnits: format(line.counted, unitScale),
      points: sumSlots(line.points, base, compiled.factorScales),
    });
    // The total over types: each type's slots at the scale of its own rate.
    line.points.forEach((int, slot) => {
      if (!int) return;
      totalInts.push(int);
      totalScales.push(line.rule.rate.scale + compiled.factorScales[slot]);
    });
  }
  return {
    userId,
    points: sumSlots(totalInts, unitScale, totalScales),
    explanation,
    breakdown,
  };
}

/**
 * A scorer for one contest. `score` expects the participant's activities in the fixed order
 * (`compareActivities`), as a log streamed `ORDER BY occurred_at, id` delivers them; given any
 * other order it still answers exactly, through `scoreParticipant`.
 */
export function createRepScorer(contest: ScoringContest): RepScorer {
  const compiled = compile(contest);
  return {
    score(userId, activities) {
      if (compiled) {
        try {
          return scoreExactly(compiled, userId, activities);
        } catch (error) {
          if (!(error instanceof NotExact)) throw error;
        }
      }
      return scoreParticipant(contest, userId, activities);
    },
  };
}
