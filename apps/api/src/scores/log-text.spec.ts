import { createRepScorer, scoreParticipant } from '@arena/scoring';
import { repBoundary } from './log-scoring-pool';
import { LogParser, scoreBatch, ScoreText } from './log-text';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TYPE = id(999);
const row = (activity: number, user: number, quantity: string, ms: number) =>
  `${id(activity)}\t${id(user)}\t${TYPE}\t${quantity}\t${ms}\n`;

describe('the log as COPY text', () => {
  const log =
    row(1, 1, '2', 1000) +
    row(3, 1, '1', 2000) +
    row(2, 1, '1', 2000) + // same millisecond, out of id order: that rep is sorted again
    row(4, 2, '3.5', 500) +
    row(5, 3, '1', 700) +
    row(6, 3, '2', 800);

  it('cuts between reps, never inside one', () => {
    const bytes = Buffer.from(log);
    const cut = repBoundary(bytes);
    expect(bytes.subarray(cut).toString()).toBe(row(5, 3, '1', 700) + row(6, 3, '2', 800));
    // A partial row at the end belongs to the last rep, which waits whole.
    const partial = Buffer.from(log + row(7, 3, '1', 900).slice(0, 20));
    expect(repBoundary(partial)).toBe(cut);
    expect(repBoundary(Buffer.from(row(1, 1, '1', 1) + row(2, 1, '1', 2)))).toBe(0);
    expect(repBoundary(Buffer.from('no line yet'))).toBe(0);
  });

  it('parses reps across pushes, each in the fixed order', () => {
    const parser = new LogParser(new Map([[TYPE, 'call']]));
    const split = log.indexOf(row(2, 1, '1', 2000));
    const reps = [...parser.push(log.slice(0, split)), ...parser.push(log.slice(split))];
    reps.push(...parser.end());
    expect(reps.map((rep) => [rep.userId, rep.activities.map((a) => a.id)])).toEqual([
      [id(1), [id(1), id(2), id(3)]],
      [id(2), [id(4)]],
      [id(3), [id(5), id(6)]],
    ]);
    expect(reps[1].activities[0]).toEqual({
      id: id(4),
      userId: id(2),
      activityType: 'call',
      quantity: '3.5',
      occurredAt: new Date(500),
    });
    expect(() => parser.push('not\ta\trow\n')).toThrow(/Not a row of the log/);
  });

  it('scores a batch as scoreParticipant scores each rep', () => {
    const contest = {
      startsAt: new Date(0),
      endsAt: new Date(10_000),
      timezone: 'UTC',
      rules: [{ activityType: 'call', pointsPerUnit: '1.5', totalCap: '4' }],
      multipliers: [],
    };
    const keyOf = new Map([[TYPE, 'call']]);
    const batch = scoreBatch(log, keyOf, createRepScorer(contest), new ScoreText(id(100), id(200)));
    const parser = new LogParser(keyOf);
    const expected = [...parser.push(log), ...parser.end()].map((rep) =>
      scoreParticipant(contest, rep.userId, rep.activities),
    );
    expect(batch.activityRows).toBe(6);
    expect(batch.totals).toEqual(expected.map((score) => [score.userId, score.points]));
    const out = new ScoreText(id(100), id(200));
    expect(batch.rows).toBe(expected.map((score) => out.activityRows(score)).join(''));
    expect(batch.lines).toBe(expected.map((score) => out.lines(score)).join(''));
  });
});
