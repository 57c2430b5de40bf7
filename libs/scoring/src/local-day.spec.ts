import { isValidTimeZone, localDay } from './local-day';

const day = (iso: string, timezone: string): string => localDay(new Date(iso), timezone);

describe('localDay', () => {
  it('is the UTC date in UTC', () => {
    expect(day('2024-03-05T00:00:00Z', 'UTC')).toBe('2024-03-05');
    expect(day('2024-03-05T23:59:59.999Z', 'UTC')).toBe('2024-03-05');
  });

  it('splits one UTC date into two local days west of Greenwich (America/New_York, EST)', () => {
    expect(day('2024-03-05T03:30:00Z', 'America/New_York')).toBe('2024-03-04');
    expect(day('2024-03-05T04:59:59.999Z', 'America/New_York')).toBe('2024-03-04');
    expect(day('2024-03-05T05:00:00Z', 'America/New_York')).toBe('2024-03-05');
    expect(day('2024-03-05T05:30:00Z', 'America/New_York')).toBe('2024-03-05');
  });

  it('follows the spring-forward DST change (America/New_York, 23-hour day)', () => {
    // 2024-03-10 starts at 05:00Z (EST) and ends at 04:00Z on the 11th (EDT).
    expect(day('2024-03-10T04:59:59Z', 'America/New_York')).toBe('2024-03-09');
    expect(day('2024-03-10T05:00:00Z', 'America/New_York')).toBe('2024-03-10');
    expect(day('2024-03-11T03:59:59Z', 'America/New_York')).toBe('2024-03-10');
    expect(day('2024-03-11T04:00:00Z', 'America/New_York')).toBe('2024-03-11');
  });

  it('follows the fall-back DST change (America/New_York, 25-hour day)', () => {
    // 2024-11-03 starts at 04:00Z (EDT) and ends at 05:00Z on the 4th (EST).
    expect(day('2024-11-03T03:59:59Z', 'America/New_York')).toBe('2024-11-02');
    expect(day('2024-11-03T04:00:00Z', 'America/New_York')).toBe('2024-11-03');
    expect(day('2024-11-04T04:59:59Z', 'America/New_York')).toBe('2024-11-03');
    expect(day('2024-11-04T05:00:00Z', 'America/New_York')).toBe('2024-11-04');
  });

  it('handles a DST change at midnight, where the day starts at 01:00 (America/Santiago)', () => {
    expect(day('2024-09-08T03:59:59Z', 'America/Santiago')).toBe('2024-09-07');
    expect(day('2024-09-08T04:00:00Z', 'America/Santiago')).toBe('2024-09-08');
  });

  it('handles +05:30 (Asia/Kolkata)', () => {
    expect(day('2024-01-01T18:29:59Z', 'Asia/Kolkata')).toBe('2024-01-01');
    expect(day('2024-01-01T18:30:00Z', 'Asia/Kolkata')).toBe('2024-01-02');
  });

  it('handles +12:45 and +13:45 (Pacific/Chatham)', () => {
    // January is summer time (+13:45); July is standard time (+12:45).
    expect(day('2024-01-01T10:14:59Z', 'Pacific/Chatham')).toBe('2024-01-01');
    expect(day('2024-01-01T10:15:00Z', 'Pacific/Chatham')).toBe('2024-01-02');
    expect(day('2024-07-01T11:14:59Z', 'Pacific/Chatham')).toBe('2024-07-01');
    expect(day('2024-07-01T11:15:00Z', 'Pacific/Chatham')).toBe('2024-07-02');
  });

  it('handles −03:30 and −02:30 (America/St_Johns)', () => {
    expect(day('2024-01-02T03:29:59Z', 'America/St_Johns')).toBe('2024-01-01');
    expect(day('2024-01-02T03:30:00Z', 'America/St_Johns')).toBe('2024-01-02');
    expect(day('2024-07-02T02:29:59Z', 'America/St_Johns')).toBe('2024-07-01');
    expect(day('2024-07-02T02:30:00Z', 'America/St_Johns')).toBe('2024-07-02');
  });

  it('handles zones a day ahead of UTC (Pacific/Kiritimati, +14:00)', () => {
    expect(day('2024-06-30T09:59:59Z', 'Pacific/Kiritimati')).toBe('2024-06-30');
    expect(day('2024-06-30T10:00:00Z', 'Pacific/Kiritimati')).toBe('2024-07-01');
  });

  it('pads years and rejects bad input', () => {
    expect(day('0999-05-06T12:00:00Z', 'UTC')).toBe('0999-05-06');
    expect(() => localDay(new Date('nope'), 'UTC')).toThrow(RangeError);
    expect(() => localDay(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and rejects the rest', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
