import { prependBounded } from './bounded';
import { countdownParts } from './countdown';
import { DISPLAY_TOKEN_KEY, readDisplayToken } from './display-token';
import { markOffline, markOnline, offlineBadgeText } from './offline-badge';
import { shouldReloadForRelease } from './release-check';
import { clampRotationIndex, nextRotationIndex, rotationMs } from './rotation';

describe('rotation', () => {
  it('goes round the playlist and back to the start', () => {
    const seen = [0];
    for (let step = 0; step < 6; step += 1) seen.push(nextRotationIndex(seen.at(-1)!, 3));
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('stays on the playlist when it shrinks or empties under the wall', () => {
    expect(clampRotationIndex(4, 2)).toBe(0);
    expect(clampRotationIndex(1, 2)).toBe(1);
    expect(clampRotationIndex(0, 0)).toBe(0);
    expect(nextRotationIndex(3, 0)).toBe(0);
  });

  it('never strobes: at least 5 s per screen', () => {
    expect(rotationMs(20)).toBe(20_000);
    expect(rotationMs(1)).toBe(5_000);
    expect(rotationMs(Number.NaN)).toBe(20_000);
  });
});

describe('reloading after a release', () => {
  it('reloads when the server runs another web build than the one loaded', () => {
    expect(shouldReloadForRelease('abc123', 'def456')).toBe(true);
  });

  it('stays when it is the same, not yet known, or a server without a web build', () => {
    expect(shouldReloadForRelease('abc123', 'abc123')).toBe(false);
    expect(shouldReloadForRelease(null, 'abc123')).toBe(false);
    expect(shouldReloadForRelease('abc123', undefined)).toBe(false);
    expect(shouldReloadForRelease('no-web-build', 'abc123')).toBe(false);
    expect(shouldReloadForRelease('abc123', 'no-web-build')).toBe(false);
  });
});

describe('the offline badge', () => {
  const lost = new Date(2026, 10, 26, 17, 42, 5);

  it('shows since the first loss; failed retries do not move it', () => {
    let since = markOffline(null, lost);
    since = markOffline(since, new Date(2026, 10, 26, 17, 50));
    expect(since).toBe(lost);
    expect(offlineBadgeText(since, 'en-GB')).toBe('Offline since 17:42');
  });

  it('goes away once connected', () => {
    expect(offlineBadgeText(markOnline())).toBeNull();
  });
});

describe('bounded lists', () => {
  const item = (id: number) => ({ id: String(id) });

  it('keeps the newest, newest first, never more than the bound', () => {
    let list: Array<{ id: string }> = [];
    for (let batch = 0; batch < 100; batch += 1) {
      list = prependBounded(list, [item(batch * 2), item(batch * 2 + 1)], 10);
      expect(list.length).toBeLessThanOrEqual(10);
    }
    expect(list.map((entry) => entry.id)).toEqual([
      '199',
      '198',
      '197',
      '196',
      '195',
      '194',
      '193',
      '192',
      '191',
      '190',
    ]);
  });

  it('lists an id once', () => {
    expect(prependBounded([item(1), item(2)], [item(2), item(3)], 10).map((e) => e.id)).toEqual([
      '3',
      '2',
      '1',
    ]);
  });
});

describe('the countdown', () => {
  const startsAt = '2026-11-26T09:00:00.000Z';
  const endsAt = '2026-11-28T12:30:15.000Z';

  it('counts down to the end while the contest runs', () => {
    const now = Date.parse('2026-11-26T10:00:00.000Z');
    expect(countdownParts(now, startsAt, endsAt)).toEqual({
      phase: 'until_end',
      days: 2,
      hours: 2,
      minutes: 30,
      seconds: 15,
    });
  });

  it('counts down to the start before it, and stops at zero after the end', () => {
    expect(countdownParts(Date.parse('2026-11-26T08:59:00.000Z'), startsAt, endsAt)).toMatchObject({
      phase: 'until_start',
      minutes: 1,
    });
    expect(countdownParts(Date.parse('2026-12-01T00:00:00.000Z'), startsAt, endsAt)).toEqual({
      phase: 'ended',
      days: 0,
      hours: 0,
      minutes: 0,
      seconds: 0,
    });
  });
});

describe('the display token', () => {
  beforeEach(() => localStorage.clear());

  it('comes from the link once, then from storage', () => {
    const token = 'arenatv_abc';
    expect(readDisplayToken({ hash: `#token=${token}` } as Location, localStorage)).toBe(token);
    expect(localStorage.getItem(DISPLAY_TOKEN_KEY)).toBe(token);
    expect(readDisplayToken({ hash: '' } as Location, localStorage)).toBe(token);
  });

  it('takes nothing that is not a display token', () => {
    expect(readDisplayToken({ hash: '#token=eyJhbGciOi' } as Location, localStorage)).toBeNull();
  });
});
