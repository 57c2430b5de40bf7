import { Temporal } from 'temporal-polyfill';

/**
 * `<input type="datetime-local">` speaks wall-clock time without a zone; contests live in their
 * own IANA zone. Temporal does the zone arithmetic so DST gaps and overlaps are decided on
 * purpose rather than by whichever offset a guess happened to land on.
 */

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function plainDateTime(local: string): Temporal.PlainDateTime | null {
  if (!LOCAL.test(local)) return null;
  try {
    // 'reject' refuses 2026-02-30 instead of clamping it to the 28th.
    return Temporal.PlainDateTime.from(local, { overflow: 'reject' });
  } catch {
    return null;
  }
}

/** The first instant showing `wall` in `timeZone`, or null when the zone is unknown. */
function firstOccurrence(wall: Temporal.PlainDateTime, timeZone: string) {
  try {
    return wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  } catch {
    return null;
  }
}

/**
 * `2026-11-26T09:00` in `Europe/Amsterdam` → `2026-11-26T08:00:00.000Z`; null when unparsable or
 * when the zone skips that wall-clock time (see `isSkippedLocalTime`). A time that happens twice
 * (clocks moving back) is read as its first occurrence.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const wall = plainDateTime(local);
  const zoned = wall && firstOccurrence(wall, timeZone);
  // Temporal's default ('compatible') moves a skipped time forward, which is not what the
  // organiser typed: a skipped time is refused and the form says why.
  if (!wall || !zoned || !zoned.toPlainDateTime().equals(wall)) return null;
  return new Date(zoned.epochMilliseconds).toISOString();
}

/** Whether `local` is a well-formed wall-clock time that never happens in `timeZone` (a DST gap). */
export function isSkippedLocalTime(local: string, timeZone: string): boolean {
  const wall = plainDateTime(local);
  const zoned = wall && firstOccurrence(wall, timeZone);
  return !!wall && !!zoned && !zoned.toPlainDateTime().equals(wall);
}

/** The inverse: an instant shown as wall-clock time in `timeZone`, for a datetime-local input. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(Date.parse(iso))
    .toZonedDateTimeISO(timeZone)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' });
}
