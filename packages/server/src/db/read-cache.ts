import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Tables a prediction reads on every call (the key, its customer and partner, the endpoint and
 * the version it serves) and that are written rarely. Reads of them may go through a ReadCache;
 * any write to one of them empties every cache.
 */
const WATCHED = new Set(['api_keys', 'customers', 'partners', 'endpoints', 'model_versions']);

/** The table a write names, or null when its shape is not a plain (aliased) table. */
function tableOf(node: OperationNode | undefined): string | null {
  if (!node) return null;
  if (node.kind === 'TableNode') {
    return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  }
  if (node.kind === 'AliasNode') return tableOf((node as unknown as { node: OperationNode }).node);
  return null;
}

/**
 * Whether a query may change a watched table. Conservative: anything but a select, an insert,
 * update or delete of known unwatched tables counts (schema changes, raw SQL, odd shapes).
 */
function touchesWatched(node: RootOperationNode): boolean {
  const n = node as unknown as Record<string, unknown>;
  let tables: (string | null)[];
  switch (node.kind) {
    case 'SelectQueryNode':
      return false;
    case 'InsertQueryNode':
      tables = [tableOf(n.into as OperationNode)];
      break;
    case 'UpdateQueryNode':
      tables = [tableOf(n.table as OperationNode)];
      break;
    case 'DeleteQueryNode':
      tables = ((n.from as { froms?: OperationNode[] } | undefined)?.froms ?? [undefined]).map(
        (f) => tableOf(f),
      );
      break;
    default:
      return true;
  }
  return tables.some((t) => t === null || WATCHED.has(t));
}

/**
 * Counts this process's writes to the watched tables, before and after each runs: a read that
 * overlaps a write sees the count move and is not cached. Writes by other processes (the CLI on
 * the same workspace) are seen through SQLite's `PRAGMA data_version` instead.
 */
export class WriteWatcher implements KyselyPlugin {
  generation = 0;
  readonly #pending = new WeakSet<object>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (touchesWatched(args.node)) {
      this.generation++;
      this.#pending.add(args.queryId);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#pending.has(args.queryId)) {
      this.#pending.delete(args.queryId);
      this.generation++;
    }
    return args.result;
  }
}

/** Most entries one cache holds; past it the cache starts empty again. */
const MAX_ENTRIES = 10_000;

/**
 * Values read from the watched tables, kept until the database's version moves (a write to a
 * watched table in this process, or any commit by another connection). A value is kept only
 * when no write happened while it was read, so a cache never holds what a write replaced.
 */
export class ReadCache<V> {
  readonly #entries = new Map<string, V>();
  #seen = '';

  constructor(private readonly version: () => string) {}

  async get(key: string, read: () => Promise<V>): Promise<V> {
    const version = this.version();
    if (version !== this.#seen) {
      this.#entries.clear();
      this.#seen = version;
    }
    if (this.#entries.has(key)) return this.#entries.get(key)!;
    const value = await read();
    if (this.version() === version && this.#seen === version) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, value);
    }
    return value;
  }
}

let uncached = 0;
/** For a database whose writes are not watched: a new version on every look, so nothing is kept. */
export const neverSameVersion = () => `uncached:${++uncached}`;
