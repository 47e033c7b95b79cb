// Recycles the output arrays of native kernels. Allocating a fresh multi-megabyte
// Float32Array costs page faults, zeroing and garbage collection on every op; a training step
// of the CNN allocates ~50 MB that way. An array is reused only when it provably has no other
// reader: it was allocated here, its tensor data was disposed, it was never handed out by
// readSync/read (dataSync, data, ...), and no stock kernel returned a view of it.

/** Arrays smaller than this are cheap to allocate and are not pooled. */
const MIN_POOLED = 4096;

export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly owned = new WeakSet<Float32Array>();
  /** Arrays that only their one tensor can see (any size): updated in place (adam.ts). */
  private readonly solo = new WeakSet<Float32Array>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** An array of n floats with unspecified contents: the caller overwrites every element. */
  take(n: number): Float32Array {
    if (n >= MIN_POOLED) {
      const list = this.free.get(n);
      const reused = list?.pop();
      if (reused) {
        this.bytes -= reused.byteLength;
        this.owned.add(reused);
        return reused;
      }
    }
    const fresh = new Float32Array(n);
    if (n >= MIN_POOLED) this.owned.add(fresh);
    return fresh;
  }

  /** Someone else may hold this array now: never reuse it. */
  escape(values: unknown): void {
    if (values instanceof Float32Array) {
      this.owned.delete(values);
      this.solo.delete(values);
    }
  }

  /** Marks an array that was just made for one tensor and that nobody else has seen. */
  claimSolo(values: Float32Array): void {
    this.solo.add(values);
  }

  /** Whether the array is still seen by its one tensor only (claimed and never escaped). */
  isSolo(values: unknown): boolean {
    return values instanceof Float32Array && this.solo.has(values);
  }

  isOwned(values: unknown): boolean {
    return values instanceof Float32Array && this.owned.has(values);
  }

  /** Returns an array whose tensor data was disposed. */
  give(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.owned.has(values)) return;
    this.owned.delete(values);
    if (this.bytes + values.byteLength > this.maxBytes) return;
    let list = this.free.get(values.length);
    if (!list) {
      list = [];
      this.free.set(values.length, list);
    }
    list.push(values);
    this.bytes += values.byteLength;
  }

  clear(): void {
    this.free.clear();
    this.bytes = 0;
  }

  get pooledBytes(): number {
    return this.bytes;
  }
}
