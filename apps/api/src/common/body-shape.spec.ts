import { BODY_SHAPE_LIMITS, jsonShapeProblem, parsedShapeProblem } from './body-shape';
import { InvalidInputError, PayloadTooLargeError } from './errors';

const bytes = (text: string) => Buffer.from(text);

describe('jsonShapeProblem (raw bytes, before parsing)', () => {
  it('passes a large, ordinary batch', () => {
    const activities = Array.from({ length: 1000 }, (_, i) => ({
      type: 'call',
      quantity: 1,
      occurredAt: '2026-11-30T09:00:00Z',
      userEmail: `rep${i}@example.test`,
      externalId: `crm-${i}`,
      note: 'a note with {braces}, [brackets], "quotes" and \\ backslashes',
    }));
    expect(jsonShapeProblem(bytes(JSON.stringify({ activities })))).toBeNull();
  });

  it('ignores brackets and commas inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: `\\"${'[{,'.repeat(10_000)}` });
    expect(jsonShapeProblem(bytes(text))).toBeNull();
  });

  it('ends a string at the right quote when its text ends in backslashes', () => {
    const keys = (n: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'a\\\\'])));
    expect(jsonShapeProblem(bytes(keys(100)))).toBeNull();
    expect(jsonShapeProblem(bytes(keys(101)))).toMatch(/too many keys/);
  });

  it('names the limit broken: depth, keys, items, values', () => {
    const deep = `${'['.repeat(BODY_SHAPE_LIMITS.depth + 1)}${']'.repeat(BODY_SHAPE_LIMITS.depth + 1)}`;
    expect(jsonShapeProblem(bytes(deep))).toMatch(/nested too deeply/);
    const keys = JSON.stringify(
      Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
    );
    expect(jsonShapeProblem(bytes(keys))).toMatch(/too many keys/);
    expect(jsonShapeProblem(bytes(JSON.stringify(new Array(100_001).fill(0))))).toMatch(
      /too many items/,
    );
    const values = JSON.stringify(Array.from({ length: 20 }, () => new Array(9_000).fill(0)));
    expect(jsonShapeProblem(bytes(values))).toMatch(/too many values/);
  });

  it('measures 900,000 levels of nesting without recursion', () => {
    expect(jsonShapeProblem(bytes(`${'['.repeat(900_000)}${']'.repeat(900_000)}`))).toMatch(
      /nested/,
    );
  });
});

describe('parsedShapeProblem (parsed values)', () => {
  it('walks any depth without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(parsedShapeProblem(deep)).toBeInstanceOf(PayloadTooLargeError);
  });

  it('names the field whose string is too long', () => {
    const problem = parsedShapeProblem({ rules: [{ note: 'x'.repeat(100_001) }] });
    expect(problem).toBeInstanceOf(InvalidInputError);
    expect((problem as InvalidInputError).errors).toEqual([
      { field: 'rules.0.note', messages: ['rules.0.note must be at most 100,000 characters'] },
    ]);
    expect(parsedShapeProblem({ note: 'x'.repeat(100_000) })).toBeNull();
  });
});
