import { isoToZonedLocal, zonedLocalToIso } from './zoned-time';

describe('zoned time', () => {
  it('reads wall-clock time in the contest zone, summer and winter', () => {
    expect(zonedLocalToIso('2026-11-26T09:00', 'Europe/Amsterdam')).toBe(
      '2026-11-26T08:00:00.000Z',
    );
    expect(zonedLocalToIso('2026-07-01T09:00', 'Europe/Amsterdam')).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(zonedLocalToIso('2026-11-26T09:00', 'America/New_York')).toBe(
      '2026-11-26T14:00:00.000Z',
    );
    expect(zonedLocalToIso('2026-11-26T09:00', 'UTC')).toBe('2026-11-26T09:00:00.000Z');
  });

  it('round-trips, and refuses what is not a date and time', () => {
    expect(isoToZonedLocal('2026-03-29T01:30:00.000Z', 'Europe/Amsterdam')).toBe(
      '2026-03-29T03:30',
    );
    expect(zonedLocalToIso('2026-03-29T03:30', 'Europe/Amsterdam')).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(zonedLocalToIso('', 'UTC')).toBeNull();
    expect(zonedLocalToIso('2026-11-26', 'UTC')).toBeNull();
  });
});
