/**
 * The simulators' own wall-clock arithmetic (kept separate from encore's src/events/time.ts
 * so that tests compare two independent implementations).
 */

export interface WallClock {
  date: string; // YYYY-MM-DD
  time: string; // HH:MM:SS
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function utcToWallClock(utcMs: number, timeZone: string): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(utcMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}`,
  };
}

/**
 * The UTC instant whose wall clock in `timeZone` reads `date time`: guess from the offset
 * twice (enough except in DST gaps), else search whole quarter hours.
 */
export function wallClockToUtc(date: string, time: string, timeZone: string): number {
  const hhmmss = time.length === 5 ? `${time}:00` : time;
  const naive = Date.parse(`${date}T${hhmmss}Z`);
  const offsetAt = (ms: number) => {
    const wall = utcToWallClock(ms, timeZone);
    return Date.parse(`${wall.date}T${wall.time}Z`) - ms;
  };
  const shows = (ms: number) => {
    const wall = utcToWallClock(ms, timeZone);
    return wall.date === date && wall.time === hhmmss;
  };
  const first = naive - offsetAt(naive);
  if (shows(first)) return first;
  const second = naive - offsetAt(first);
  if (shows(second)) return second;
  for (let offsetMin = -14 * 60; offsetMin <= 14 * 60; offsetMin += 15) {
    if (shows(naive - offsetMin * 60_000)) return naive - offsetMin * 60_000;
  }
  throw new Error(`no instant shows ${date} ${time} in ${timeZone}`);
}

/** Milliseconds at the next UTC midnight after `ms` (when the simulated daily quota resets). */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / 86_400_000) + 1) * 86_400_000;
}
