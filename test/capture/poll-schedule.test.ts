import { describe, expect, it } from 'vitest';
import {
  isListening,
  nextInterval,
  SAFE_MAX_INTERVAL_MS,
  SESSION_END_GRACE_MS,
} from '../../src/capture/poll-schedule.ts';

const MIN = 60_000;
const options = { activeIntervalMs: 2.5 * MIN, idleMaxIntervalMs: 20 * MIN };

describe('adaptive polling', () => {
  it('polls at the active interval while new plays arrive', () => {
    expect(isListening({ lastActivityAt: 0 }, 60 * MIN, 3)).toBe(true);
    expect(nextInterval(options, true)).toBe(2.5 * MIN);
  });

  it('keeps the active interval while the newest play ended moments ago (a track is probably playing)', () => {
    const now = 100 * MIN;
    expect(isListening({ lastActivityAt: now - SESSION_END_GRACE_MS + 1 }, now, 0)).toBe(true);
  });

  it('drops straight to the idle interval once no play has ended for the grace period', () => {
    const now = 100 * MIN;
    expect(isListening({ lastActivityAt: now - SESSION_END_GRACE_MS }, now, 0)).toBe(false);
    expect(isListening({ lastActivityAt: null }, now, 0)).toBe(false);
    expect(nextInterval(options, false)).toBe(20 * MIN);
  });

  it('never waits longer than 50 plays of 30 s, whatever is configured', () => {
    const lax = { activeIntervalMs: 2 * MIN, idleMaxIntervalMs: 60 * MIN };
    expect(nextInterval(lax, false)).toBe(SAFE_MAX_INTERVAL_MS);
    const slow = { activeIntervalMs: 40 * MIN, idleMaxIntervalMs: 60 * MIN };
    expect(nextInterval(slow, true)).toBe(SAFE_MAX_INTERVAL_MS);
    expect(nextInterval(slow, false)).toBe(SAFE_MAX_INTERVAL_MS);
  });
});
