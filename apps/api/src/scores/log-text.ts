import {
  compareActivities,
  type ParticipantScore,
  type RepScorer,
  type ScoringActivity,
} from '@arena/scoring';

/** One rep's activities of a contest's log, in the fixed order (SPEC §3.2). */
export interface RepLog {
  userId: string;
  activities: ScoringActivity[];
}

/** Characters of a uuid's text, as every id of the log's rows has. */
const UUID_CHARS = 36;

/**
 * The log's COPY text rows (`id, user_id, activity_type_id, quantity, ms`: COPY's text format
 * never escapes any of them) into reps, each rep's activities in the fixed order. The rows come
 * in user order, a rep's own by instant to the microsecond and then by id; two activities within
 * one millisecond (the precision a Date keeps) may then be out of id order, and that rep is
 * sorted again. A rep may span two pushes; `end` gives the last one.
 */
export class LogParser {
  private rep: (RepLog & { sorted: boolean; last: number; lastId: string }) | null = null;

  /** `keyOf`: the rule types' keys by their ids. */
  constructor(private readonly keyOf: ReadonlyMap<string, string>) {}

  /** Whole rows (each ending in a line break): the reps they complete. */
  push(text: string): RepLog[] {
    const done: RepLog[] = [];
    const { keyOf } = this;
    let rep = this.rep;
    for (let start = 0, end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      // Three uuids of fixed width, then the quantity and the milliseconds.
      const userAt = start + UUID_CHARS + 1;
      const typeAt = userAt + UUID_CHARS + 1;
      const quantityAt = typeAt + UUID_CHARS + 1;
      const msAt = text.indexOf('\t', quantityAt) + 1;
      if (msAt === 0 || msAt > end || text.charCodeAt(typeAt - 1) !== 9)
        throw new Error(`Not a row of the log: ${text.slice(start, end)}`);
      if (rep && !text.startsWith(rep.userId, userAt)) {
        done.push(finish(rep));
        rep = null;
      }
      const id = text.slice(start, start + UUID_CHARS);
      const ms = Number(text.slice(msAt, end));
      if (!rep) {
        const userId = text.slice(userAt, userAt + UUID_CHARS);
        rep = { userId, activities: [], sorted: true, last: ms, lastId: id };
      } else if (ms < rep.last || (ms === rep.last && id < rep.lastId)) rep.sorted = false;
      rep.last = ms;
      rep.lastId = id;
      rep.activities.push({
        id,
        userId: rep.userId,
        activityType: keyOf.get(text.slice(typeAt, typeAt + UUID_CHARS))!,
        quantity: text.slice(quantityAt, msAt - 1),
        occurredAt: new Date(ms),
      });
      start = end + 1;
    }
    this.rep = rep;
    return done;
  }

  /** The last rep, if any. */
  end(): RepLog[] {
    const rep = this.rep;
    this.rep = null;
    return rep ? [finish(rep)] : [];
  }
}

function finish(rep: RepLog & { sorted: boolean }): RepLog {
  if (!rep.sorted) rep.activities.sort(compareActivities);
  return { userId: rep.userId, activities: rep.activities };
}

/** A contest's rows of `contest_activity_scores` and `contest_score_lines` as COPY text. */
export class ScoreText {
  private readonly prefix: string;

  constructor(orgId: string, contestId: string) {
    this.prefix = `${orgId}\t${contestId}\t`;
  }

  /** The rep's scored activities, as rows of ACTIVITY_SCORE_COLUMNS. */
  activityRows(score: ParticipantScore): string {
    const { prefix } = this;
    let text = '';
    for (const line of score.explanation) {
      text +=
        `${prefix}${line.activityId}\t${score.userId}\t${line.activityType}\t` +
        `${line.occurredAt.toISOString()}\t${line.localDay}\t${line.quantity}\t` +
        `${line.countedUnits}\t${line.multiplier}\t${line.points}\n`;
    }
    return text;
  }

  /** The rep's breakdown lines, as rows of LINE_COLUMNS. */
  lines(score: ParticipantScore): string {
    let text = '';
    for (const line of score.breakdown)
      text += `${this.prefix}${score.userId}\t${line.activityType}\t${line.units}\t${line.countedUnits}\t${line.points}\n`;
    return text;
  }
}

/** What a batch of whole reps of the log comes to: COPY text and each scored rep's total. */
export interface ScoredBatch {
  activityRows: number;
  rows: string;
  lines: string;
  totals: Array<[string, string]>;
}

/** Scores a batch of whole reps (a rep's rows are never split between batches). */
export function scoreBatch(
  text: string,
  keyOf: ReadonlyMap<string, string>,
  scorer: RepScorer,
  out: ScoreText,
): ScoredBatch {
  const parser = new LogParser(keyOf);
  const batch: ScoredBatch = { activityRows: 0, rows: '', lines: '', totals: [] };
  for (const { userId, activities } of [...parser.push(text), ...parser.end()]) {
    const score = scorer.score(userId, activities);
    if (score.explanation.length === 0) continue;
    batch.activityRows += score.explanation.length;
    batch.rows += out.activityRows(score);
    batch.lines += out.lines(score);
    batch.totals.push([userId, score.points]);
  }
  return batch;
}

/**
 * PostgreSQL's numeric text in the engine's normalised form ("12.50" → "12.5", "0.00" → "0"),
 * without a Decimal per value: numeric output is always plain notation.
 */
export function normalisedNumeric(text: string): string {
  let value = text;
  if (value.includes('.')) value = value.replace(/0+$/, '').replace(/\.$/, '');
  return value === '-0' ? '0' : value;
}

/** A breakdown line as the verifier compares and reports it. */
export function describeLine(line: {
  units: string;
  countedUnits: string;
  points: string;
}): string {
  return `${normalisedNumeric(line.units)} units, ${normalisedNumeric(line.countedUnits)} counted, ${normalisedNumeric(line.points)} points`;
}

/** A rep's activity as kept in `contest_activity_scores`, for the verifier. */
export interface KeptActivity {
  activityId: string;
  countedUnits: string;
  points: string;
}

/** A rep's kept activity rows, by activity id. */
export interface KeptRep {
  userId: string;
  kept: Map<string, KeptActivity>;
}

/**
 * The kept rows' COPY text (`user_id, activity_id, counted_units, points`, in user order) into
 * reps; a rep may span two pushes, `end` gives the last one.
 */
export class KeptParser {
  private rep: KeptRep | null = null;

  push(text: string): KeptRep[] {
    const done: KeptRep[] = [];
    let rep = this.rep;
    for (let start = 0, end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const activityAt = start + UUID_CHARS + 1;
      const countedAt = activityAt + UUID_CHARS + 1;
      const pointsAt = text.indexOf('\t', countedAt) + 1;
      if (pointsAt === 0 || pointsAt > end || text.charCodeAt(countedAt - 1) !== 9)
        throw new Error(`Not a kept row: ${text.slice(start, end)}`);
      if (rep && !text.startsWith(rep.userId, start)) {
        done.push(rep);
        rep = null;
      }
      rep ??= { userId: text.slice(start, start + UUID_CHARS), kept: new Map() };
      const activityId = text.slice(activityAt, activityAt + UUID_CHARS);
      rep.kept.set(activityId, {
        activityId,
        countedUnits: text.slice(countedAt, pointsAt - 1),
        points: text.slice(pointsAt, end),
      });
      start = end + 1;
    }
    this.rep = rep;
    return done;
  }

  end(): KeptRep[] {
    const rep = this.rep;
    this.rep = null;
    return rep ? [rep] : [];
  }
}

/** A difference the verifier found in a rep's kept rows (its contest added by the caller). */
export interface RepDifference {
  userId: string;
  stored: string;
  recomputed: string;
  detail: string;
}

/**
 * What the verifier found in the kept activity rows of a run of reps, and what it recomputed
 * for their totals (a rep with scored activities) and breakdown lines (`user|type`, described).
 */
export interface LogCheck {
  activitiesChecked: number;
  differences: RepDifference[];
  totals: Array<[string, string]>;
  lines: Array<[string, string]>;
}

export const emptyCheck = (): LogCheck => ({
  activitiesChecked: 0,
  differences: [],
  totals: [],
  lines: [],
});

/** One rep's recomputed score against its kept activity rows (emptied as they are matched). */
export function checkRep(
  score: ParticipantScore,
  kept: Map<string, KeptActivity>,
  check: LogCheck,
): void {
  const diff = (stored: string, recomputed: string, detail: string) =>
    check.differences.push({ userId: score.userId, stored, recomputed, detail });
  if (score.explanation.length > 0) check.totals.push([score.userId, score.points]);
  for (const line of score.breakdown)
    check.lines.push([`${score.userId}|${line.activityType}`, describeLine(line)]);
  for (const line of score.explanation) {
    check.activitiesChecked++;
    const row = kept.get(line.activityId);
    kept.delete(line.activityId);
    if (!row) diff('missing', line.points, `activity ${line.activityId} not kept`);
    else if (row.points !== line.points || row.countedUnits !== line.countedUnits) {
      diff(
        `${row.countedUnits} units, ${row.points} points`,
        `${line.countedUnits} units, ${line.points} points`,
        `activity ${line.activityId}`,
      );
    }
  }
  for (const row of kept.values())
    diff(row.points, 'none', `activity ${row.activityId} should not count`);
}

/**
 * A run of whole reps of the log and the kept rows of the same reps (and of no other), merged
 * rep by rep and checked.
 */
export function checkBatch(
  logText: string,
  keptText: string,
  keyOf: ReadonlyMap<string, string>,
  scorer: RepScorer,
): LogCheck {
  const check = emptyCheck();
  const parser = new LogParser(keyOf);
  const log = [...parser.push(logText), ...parser.end()];
  const keptParser = new KeptParser();
  const kept = [...keptParser.push(keptText), ...keptParser.end()];
  let [a, b] = [0, 0];
  while (a < log.length || b < kept.length) {
    const rep = log[a];
    const keptRep = kept[b];
    if (rep && (!keptRep || rep.userId < keptRep.userId)) {
      checkRep(scorer.score(rep.userId, rep.activities), new Map(), check);
      a++;
    } else if (keptRep && (!rep || keptRep.userId < rep.userId)) {
      checkRep(scorer.score(keptRep.userId, []), keptRep.kept, check);
      b++;
    } else {
      checkRep(scorer.score(rep.userId, rep.activities), keptRep.kept, check);
      a++;
      b++;
    }
  }
  return check;
}
