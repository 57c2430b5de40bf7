export interface CountdownParts {
  /** 'until_start' before the contest starts, 'until_end' while it runs, 'ended' after. */
  phase: 'until_start' | 'until_end' | 'ended';
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time left to the contest's start or end, in whole units. */
export function countdownParts(now: number, startsAt: string, endsAt: string): CountdownParts {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  const phase = now < start ? 'until_start' : now < end ? 'until_end' : 'ended';
  const left = Math.max(0, Math.floor(((phase === 'until_start' ? start : end) - now) / 1000));
  return {
    phase,
    days: Math.floor(left / 86_400),
    hours: Math.floor((left % 86_400) / 3600),
    minutes: Math.floor((left % 3600) / 60),
    seconds: left % 60,
  };
}
