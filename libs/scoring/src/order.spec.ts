import { compareActivities } from './order';

const at = (iso: string, id: string) => ({ id, occurredAt: new Date(iso) });

describe('compareActivities', () => {
  it('orders by occurredAt first, whatever the ids', () => {
    expect(
      compareActivities(at('2024-03-01T10:00:00Z', 'z'), at('2024-03-01T10:00:01Z', 'a')),
    ).toBeLessThan(0);
    expect(
      compareActivities(at('2024-03-01T10:00:01Z', 'a'), at('2024-03-01T10:00:00Z', 'z')),
    ).toBeGreaterThan(0);
  });

  it('breaks ties by id in code-unit order, not locale order', () => {
    const t = '2024-03-01T10:00:00Z';
    expect(compareActivities(at(t, 'a'), at(t, 'b'))).toBeLessThan(0);
    expect(compareActivities(at(t, 'B'), at(t, 'a'))).toBeLessThan(0); // 'B' (66) < 'a' (97)
    expect(compareActivities(at(t, '10'), at(t, '9'))).toBeLessThan(0);
    expect(compareActivities(at(t, 'same'), at(t, 'same'))).toBe(0);
  });

  it('sorts a list into one fixed order', () => {
    const list = [
      at('2024-03-01T11:00:00Z', 'c'),
      at('2024-03-01T10:00:00Z', 'b'),
      at('2024-03-01T10:00:00Z', 'a'),
    ];
    expect([...list].sort(compareActivities).map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });
});
