/**
 * `<input type="datetime-local">` speaks wall-clock time without a zone; contests live in their
 * own IANA zone. These convert between the two without a date library.
 */

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** `2026-11-26T09:00` in `Europe/Amsterdam` → `2026-11-26T08:00:00.000Z`; null when unparsable. */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let utc = wall - zoneOffsetMs(wall, timeZone);
  // Around a DST change the offset at the guess can differ from the offset at the answer.
  utc = wall - zoneOffsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

/** The inverse: an instant shown as wall-clock time in `timeZone`, for a datetime-local input. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const utc = Date.parse(iso);
  const wall = new Date(utc + zoneOffsetMs(utc, timeZone));
  return wall.toISOString().slice(0, 16);
}
