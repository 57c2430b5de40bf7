/** When the wall lost the server, or null while it is connected. */
export type OfflineSince = Date | null;

/** The first loss counts: retries that fail again do not move "offline since". */
export function markOffline(current: OfflineSince, now: Date): OfflineSince {
  return current ?? now;
}

/** Connected again: the badge goes away. */
export function markOnline(): OfflineSince {
  return null;
}

/** The badge's text, e.g. "Offline since 17:42" in the wall's own clock. */
export function offlineBadgeText(since: OfflineSince, locale?: string): string | null {
  if (!since) return null;
  const time = since.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return `Offline since ${time}`;
}
