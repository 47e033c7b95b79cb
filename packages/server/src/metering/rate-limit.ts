import type { Clock } from '../shared/clock.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by name (metering names one per customer and product), in this process's memory: `burst` tokens, refilled at
 * `ratePerSecond` as the context's clock moves. Several serving processes each hold their own
 * buckets (a shared store such as Redis would replace this class for a global limit).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  /** Takes one token; returns the seconds to wait when none is left (0 = admitted). */
  take(
    key: string,
    ratePerSecond: number,
    burst: number,
  ): { waitSeconds: number; remaining: number } {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    // A wall clock can step back (NTP); a step back refills nothing rather than draining.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * ratePerSecond);
    bucket.at = Math.max(now, bucket.at);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { waitSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    return { waitSeconds: (1 - bucket.tokens) / ratePerSecond, remaining: 0 };
  }
}
