import { isoToZonedLocal, isSkippedLocalTime, zonedLocalToIso } from './zoned-time';

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
    expect(zonedLocalToIso('2026-02-30T09:00', 'UTC')).toBeNull();
    expect(zonedLocalToIso('2026-11-26T24:00', 'UTC')).toBeNull();
  });

  it('refuses a wall-clock time the zone skips when its clocks move forward', () => {
    // 02:00–03:00 does not happen on these days; silently moving the time would start or end a
    // contest an hour away from what the organiser typed.
    for (const [local, zone] of [
      ['2026-03-29T02:30', 'Europe/Amsterdam'],
      ['2026-03-08T02:00', 'America/New_York'],
      ['2026-03-08T02:59', 'America/New_York'],
      ['2026-10-04T02:15', 'Australia/Lord_Howe'], // a half-hour change
    ] as const) {
      expect(zonedLocalToIso(local, zone)).toBeNull();
      expect(isSkippedLocalTime(local, zone)).toBe(true);
    }
    expect(zonedLocalToIso('2026-03-29T03:00', 'Europe/Amsterdam')).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(zonedLocalToIso('2026-03-29T01:59', 'Europe/Amsterdam')).toBe(
      '2026-03-29T00:59:00.000Z',
    );
    expect(isSkippedLocalTime('2026-03-29T03:00', 'Europe/Amsterdam')).toBe(false);
    expect(isSkippedLocalTime('not a time', 'Europe/Amsterdam')).toBe(false);
    expect(isSkippedLocalTime('2026-03-29T02:30', 'Not/AZone')).toBe(false);
    expect(zonedLocalToIso('2026-03-29T02:30', 'Not/AZone')).toBeNull();
  });

  it('reads a wall-clock time that happens twice as its first occurrence', () => {
    // 02:30 on the last Sunday of October happens in CEST (+02:00) and again in CET (+01:00).
    expect(zonedLocalToIso('2026-10-25T02:30', 'Europe/Amsterdam')).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(zonedLocalToIso('2026-11-01T01:30', 'America/New_York')).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // Both instants show as the same wall-clock time.
    expect(isoToZonedLocal('2026-10-25T00:30:00.000Z', 'Europe/Amsterdam')).toBe(
      '2026-10-25T02:30',
    );
    expect(isoToZonedLocal('2026-10-25T01:30:00.000Z', 'Europe/Amsterdam')).toBe(
      '2026-10-25T02:30',
    );
  });

  it('handles zones with quarter-hour offsets', () => {
    expect(zonedLocalToIso('2026-11-26T09:00', 'Asia/Kathmandu')).toBe('2026-11-26T03:15:00.000Z');
    expect(isoToZonedLocal('2026-11-26T03:15:00.000Z', 'Asia/Kathmandu')).toBe('2026-11-26T09:00');
  });
});
