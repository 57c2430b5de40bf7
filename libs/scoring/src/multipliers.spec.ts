import { multiplierAt } from './multipliers';
import type { MultiplierWindow } from './types';

const window = (
  startsAt: string,
  endsAt: string,
  factor: MultiplierWindow['factor'],
  activityTypes?: string[] | null,
): MultiplierWindow => ({
  startsAt: new Date(startsAt),
  endsAt: new Date(endsAt),
  factor,
  activityTypes,
});

const powerHours = {
  multipliers: [
    window('2024-03-01T10:00:00Z', '2024-03-01T12:00:00Z', '2'),
    window('2024-03-01T11:00:00Z', '2024-03-01T13:00:00Z', '1.5', ['call']),
    window('2024-03-01T11:30:00Z', '2024-03-01T11:45:00Z', 0.1, []),
  ],
};

const factor = (type: string, iso: string): string =>
  multiplierAt(powerHours, type, new Date(iso)).toString();

describe('multiplierAt', () => {
  it('is 1 with no windows, or outside every window', () => {
    expect(multiplierAt({ multipliers: [] }, 'call', new Date()).toString()).toBe('1');
    expect(factor('call', '2024-03-01T09:59:59.999Z')).toBe('1');
    expect(factor('call', '2024-03-01T13:00:00Z')).toBe('1');
  });

  it('includes startsAt and excludes endsAt', () => {
    expect(factor('meeting', '2024-03-01T10:00:00Z')).toBe('2');
    expect(factor('meeting', '2024-03-01T11:59:59.999Z')).toBe('2');
    expect(factor('meeting', '2024-03-01T12:00:00Z')).toBe('1');
  });

  it('multiplies overlapping windows', () => {
    expect(factor('call', '2024-03-01T11:00:00Z')).toBe('3');
    expect(factor('call', '2024-03-01T11:30:00Z')).toBe('0.3'); // 2 × 1.5 × 0.1, exactly
  });

  it('applies a type-specific window only to its types; an empty list means every type', () => {
    expect(factor('call', '2024-03-01T12:30:00Z')).toBe('1.5');
    expect(factor('meeting', '2024-03-01T12:30:00Z')).toBe('1');
    expect(factor('meeting', '2024-03-01T11:30:00Z')).toBe('0.2');
  });
});
