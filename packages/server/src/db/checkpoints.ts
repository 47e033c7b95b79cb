import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

const ENTRY = new URL('./checkpoint-thread.mjs', import.meta.url);

/** SQLite's own threshold (pages in the WAL) for the commit that checkpoints. */
const AUTO_CHECKPOINT_PAGES = 1000;

/** When the thread checkpoints (tests make it sooner and smaller). */
export interface CheckpointOptions {
  /** Write statements on the serving connection before the thread takes over. */
  afterWrites?: number;
  /** Milliseconds between two PASSIVE checkpoints. */
  everyMs?: number;
  /** WAL frames past which a RESTART checkpoint makes the WAL start over (16,384: 64 MiB of 4 KiB pages). */
  restartFrames?: number;
}

/**
 * Moves WAL checkpoints off the connection that answers requests, once it has written enough to
 * need them. SQLite checkpoints on the commit that takes the WAL past 1,000 pages, in that
 * commit: with metering's one small commit per call, about one call in 200 waited for the copy
 * and its fsyncs (single-row commits on this machine: p99 4.2 ms, p99.9 18.7 ms, max 86 ms; with
 * the checkpoints elsewhere p99 0.16 ms). After `afterWrites` write statements a worker thread
 * with its own connection checkpoints every `everyMs` (PASSIVE: it never blocks a reader or a
 * writer) and this connection stops checkpointing; if the thread fails, it checkpoints again
 * itself. Durability is unchanged: a commit is in the WAL when it returns either way. Past
 * `restartFrames` the thread makes the WAL start over (checkpoint-thread.mjs), which PASSIVE
 * checkpoints never do under a steady load: without it the WAL grew by about 40 MB a second
 * while bench:serve ran at concurrency 1 (690 MB after 25 s).
 */
export class BackgroundCheckpoints implements KyselyPlugin {
  #writes = 0;
  #worker: Worker | null = null;
  #closed = false;

  private readonly afterWrites: number;
  private readonly everyMs: number;
  private readonly restartFrames: number;

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly file: string,
    options: CheckpointOptions = {},
  ) {
    this.afterWrites = options.afterWrites ?? 1000;
    this.everyMs = options.everyMs ?? 250;
    this.restartFrames = options.restartFrames ?? 16_384;
  }

  /** Whether the worker thread checkpoints now (this connection does not). */
  active = false;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind !== 'SelectQueryNode') this.noteWrite();
    return args.node;
  }

  /** One write statement ran on the connection (through Kysely, or compiled once, noteWrite). */
  noteWrite(): void {
    if (!this.#worker && ++this.#writes >= this.afterWrites) this.start();
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  private start(): void {
    if (this.#closed) return;
    const worker = new Worker(ENTRY, {
      workerData: { file: this.file, everyMs: this.everyMs, restartFrames: this.restartFrames },
      execArgv: [],
    });
    this.#worker = worker;
    worker.unref();
    worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'ready' && !this.#closed) {
        this.sqlite.pragma('wal_autocheckpoint = 0');
        this.active = true;
      } else if (message.type === 'error') {
        process.emitWarning(`background WAL checkpoint: ${message.message}`);
      }
    });
    const fallBack = () => {
      if (this.#closed || !this.active) return;
      this.active = false;
      this.sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    };
    worker.on('error', (error) => {
      process.emitWarning(`background WAL checkpoints stopped: ${error.message}`);
      fallBack();
    });
    worker.on('exit', fallBack);
  }

  /** Ends the thread (before the connection closes, which checkpoints what is left). */
  close(): void {
    this.#closed = true;
    this.active = false;
    this.#worker?.postMessage('close');
  }
}
