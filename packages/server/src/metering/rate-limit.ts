interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per API key, in this process's memory: `burst` tokens, refilled at
 * `ratePerSecond`. Several serving processes each hold their own buckets (a shared store such as
 * Redis would replace this class for a global limit).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token; returns the seconds to wait when none is left (0 = admitted). */
  take(
    key: string,
    ratePerSecond: number,
    burst: number,
    now = performance.now(),
  ): { waitSeconds: number; remaining: number } {
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { waitSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    return { waitSeconds: (1 - bucket.tokens) / ratePerSecond, remaining: 0 };
  }
}
