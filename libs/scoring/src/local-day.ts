const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    // Throws a RangeError for an unknown zone. Latin digits and the Gregorian calendar are pinned
    // so the output never depends on the host's default locale.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Whether `timezone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(timezone: string): boolean {
  if (typeof timezone !== 'string' || timezone.trim() === '') return false;
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `YYYY-MM-DD` calendar day of `instant` in the IANA `timezone` (SPEC §3.3 "local day").
 * Delegates offsets and DST to the runtime's time zone data, so half- and quarter-hour zones
 * (Asia/Kolkata, Pacific/Chatham, America/St_Johns) and 23/25-hour days are handled.
 */
export function localDay(instant: Date, timezone: string): string {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('localDay: invalid date');
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(timezone).formatToParts(time)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}
