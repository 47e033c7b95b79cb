import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ONNX_MODEL_FILE } from './onnx-session.ts';
import type { RuntimeModel } from './runtime.types.ts';
import type { PoolWorker, WorkerPool } from './worker-pool.ts';

/** What the runtime reports about loading, for its metrics. */
export interface LoadEvents {
  loaded(model: RuntimeModel, ms: number): void;
  evicted(model: RuntimeModel): void;
  memory(bytes: number, models: number): void;
}

interface Entry {
  model: RuntimeModel;
  /** Estimated bytes of all its copies (its weights file, once per worker and inline copy). */
  bytes: number;
  /** Bytes of one copy (its weights file). */
  perCopy: number;
  lastUsed: number;
  /** Rows queued or running: an entry in use is never evicted. */
  inUse: number;
  warming: Promise<void>;
  warmed: boolean;
  /** Output values per row, seen when it was warmed. */
  units: number;
}

/**
 * The versions loaded on the inference threads, least recently used first out once their
 * estimated size passes the memory budget (`QUDAO_MODEL_MEMORY_MB`). A version is loaded on
 * every thread and warmed (one row run through it) before it takes a call.
 */
export class LoadedModels {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly budgetBytes: number,
    private readonly events: LoadEvents,
    /** Told of each version unloaded (the inline lane drops its copy). */
    private readonly unloaded: (key: string) => void = () => {},
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Loads and warms a version on every thread (once); rejects with the worker's error. */
  warm(model: RuntimeModel): Promise<void> {
    const existing = this.entries.get(model.key);
    if (existing) {
      existing.lastUsed = this.clock();
      return existing.warming;
    }
    const entry: Entry = {
      model,
      bytes: 0,
      perCopy: 0,
      lastUsed: this.clock(),
      inUse: 0,
      warming: Promise.resolve(),
      warmed: false,
      units: 0,
    };
    entry.warming = (async () => {
      await this.pool.start();
      const started = performance.now();
      entry.perCopy = await fileBytes(model);
      entry.bytes = entry.perCopy * this.pool.size;
      await Promise.all(this.pool.workers.map((w) => this.loadOn(entry, w)));
      entry.warmed = true;
      this.events.loaded(model, performance.now() - started);
      this.evict(model.key);
    })();
    entry.warming.catch(() => this.entries.delete(model.key));
    this.entries.set(model.key, entry);
    return entry.warming;
  }

  private async loadOn(entry: Entry, worker: PoolWorker): Promise<void> {
    await worker.ready;
    worker.loaded.add(entry.model.key);
    try {
      const reply = await worker.call({ op: 'load', model: entry.model });
      entry.units = reply.units ?? entry.units;
    } catch (error) {
      worker.loaded.delete(entry.model.key);
      throw error;
    }
  }

  /** A further copy of a version was loaded (the inline lane's): the budget counts it too. */
  addCopy(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.bytes += entry.perCopy;
    this.evict(key);
  }

  /** Loads the version on a thread that lacks it (a replaced thread), before a batch runs there. */
  async ensureOn(key: string, worker: PoolWorker): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || worker.loaded.has(key)) return;
    await this.loadOn(entry, worker);
  }

  isWarm(key: string): boolean {
    return this.entries.get(key)?.warmed ?? false;
  }

  /** Marks rows of a version queued (+) or done (-); in-use versions stay loaded. */
  use(key: string, rows: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.inUse += rows;
    entry.lastUsed = this.clock();
  }

  get totalBytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.bytes;
    return total;
  }

  /** Unloads least recently used versions (never `keep`, never one in use) while over budget. */
  private evict(keep: string): void {
    const order = [...this.entries.values()]
      .filter((e) => e.warmed && e.model.key !== keep)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of order) {
      if (this.totalBytes <= this.budgetBytes) break;
      if (entry.inUse > 0) continue;
      this.unload(entry.model.key);
      this.events.evicted(entry.model);
    }
    this.events.memory(this.totalBytes, this.entries.size);
  }

  unload(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.unloaded(key);
    for (const w of this.pool.workers) {
      if (!w.loaded.delete(key)) continue;
      w.call({ op: 'unload', key }).catch(() => {});
    }
    this.events.memory(this.totalBytes, this.entries.size);
  }

  /** Versions loaded, most recent first. */
  list(): { model: RuntimeModel; bytes: number; warmed: boolean }[] {
    return [...this.entries.values()]
      .sort((a, b) => b.lastUsed - a.lastUsed)
      .map((e) => ({ model: e.model, bytes: e.bytes, warmed: e.warmed }));
  }
}

async function fileBytes(model: RuntimeModel): Promise<number> {
  const file = model.format === 'onnx' ? ONNX_MODEL_FILE : 'weights.bin';
  try {
    return (await stat(path.join(model.dir, file))).size;
  } catch {
    return 0;
  }
}
