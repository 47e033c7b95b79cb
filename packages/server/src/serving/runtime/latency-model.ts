/**
 * A batch's latency as a·n + b (n rows): a least-squares fit over the most recent batches of one
 * queue. `b` is what a batch costs whatever its size (a round trip to a worker, the model's fixed
 * work); it is what waiting for more rows can save, so it bounds how long the batcher waits.
 */
export class LatencyModel {
  private readonly rows: number[] = [];
  private readonly ms: number[] = [];
  private fitted = { a: 0, b: 0 };
  private dirty = false;

  constructor(private readonly window = 64) {}

  record(rows: number, ms: number): void {
    this.rows.push(rows);
    this.ms.push(ms);
    if (this.rows.length > this.window) {
      this.rows.shift();
      this.ms.shift();
    }
    this.dirty = true;
  }

  get samples(): number {
    return this.rows.length;
  }

  /** Per-row and fixed cost in ms; with one batch size seen so far, all of it counts as per-row. */
  get coefficients(): { a: number; b: number } {
    if (this.dirty) {
      this.fitted = this.fit();
      this.dirty = false;
    }
    return this.fitted;
  }

  private fit(): { a: number; b: number } {
    const n = this.rows.length;
    if (n === 0) return { a: 0, b: 0 };
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += this.rows[i]!;
      sy += this.ms[i]!;
    }
    const mx = sx / n;
    const my = sy / n;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      sxx += (this.rows[i]! - mx) ** 2;
      sxy += (this.rows[i]! - mx) * (this.ms[i]! - my);
    }
    if (sxx === 0) {
      // One size only: the fixed part cannot be told apart; take the smallest batch as all fixed.
      return mx <= 1 ? { a: 0, b: my } : { a: my / mx, b: 0 };
    }
    const a = Math.max(0, sxy / sxx);
    const b = Math.max(0, my - a * mx);
    return { a, b };
  }

  /** Predicted ms of a batch of `rows` rows. */
  predict(rows: number): number {
    const { a, b } = this.coefficients;
    return a * rows + b;
  }
}

/** Rows arriving per ms, over the last arrivals within a second. */
export class ArrivalRate {
  private readonly at: number[] = [];
  private readonly rows: number[] = [];

  constructor(private readonly window = 32) {}

  record(now: number, rows: number): void {
    this.at.push(now);
    this.rows.push(rows);
    if (this.at.length > this.window) {
      this.at.shift();
      this.rows.shift();
    }
  }

  perMs(now: number): number {
    let first = 0;
    while (first < this.at.length && now - this.at[first]! > 1000) first++;
    const count = this.at.length - first;
    if (count < 2) return 0;
    let rows = 0;
    for (let i = first + 1; i < this.at.length; i++) rows += this.rows[i]!;
    const span = Math.max(now - this.at[first]!, 0.05);
    return rows / span;
  }
}
