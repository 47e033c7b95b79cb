/**
 * Where services read the time: `ctx.clock`. The system clock in a running install; a manual
 * clock in tests, so rate-limit refills, quota periods and month ends are reached by advancing
 * it instead of sleeping.
 */
export interface Clock {
  /** The current instant (a fresh Date: callers may not change the clock through it). */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move (tests). */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | string = '2026-01-15T12:00:00.000Z') {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new RangeError(`not an instant: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Moves the clock on by `ms` milliseconds (never back: time in a service only goes forward). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('a clock only moves forward');
    this.ms += ms;
  }

  /** Moves the clock to `at`, which must not be before the current instant. */
  set(at: Date | string): void {
    this.advance(new Date(at).getTime() - this.ms);
  }
}
