const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "2 min ago", "in 3 min": the nearest unit, for people reading a status. */
export function timeAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const difference = Date.parse(iso) - now;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  for (const [unit, size] of units)
    if (Math.abs(difference) >= size || unit === 'second')
      return format.format(Math.round(difference / size), unit);
  return 'now';
}
