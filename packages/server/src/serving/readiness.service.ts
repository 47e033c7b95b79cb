import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { ReadyView } from '../shared/system.schemas.ts';
import { servingErrors } from './serving.errors.ts';
import * as store from './serving.store.ts';
import { routeOf } from './traffic-route.ts';
import { warmVersion } from './warm-version.ts';

interface Warmup {
  done: boolean;
  warmed: string[];
  failed: string[];
  promise: Promise<void>;
}

const warmups = new WeakMap<AppContext, Warmup>();
const draining = new WeakSet<AppContext>();

/**
 * Loads and warms the version of every active endpoint (once per context; `qudao serve` starts
 * it as soon as it listens). A version that fails to load is listed, not fatal: its endpoint
 * answers `serving.model_load_failed`, the others serve.
 */
export function warmEndpoints(ctx: AppContext): Promise<void> {
  let warmup = warmups.get(ctx);
  if (!warmup) {
    const state: Warmup = { done: false, warmed: [], failed: [], promise: Promise.resolve() };
    state.promise = (async () => {
      for (const endpoint of await store.listEndpoints(ctx.db)) {
        if (endpoint.status !== 'active') continue;
        try {
          // What it routes to now (an alias may have moved since the deploy), canary and shadow too.
          const route = await routeOf(ctx, endpoint);
          for (const version of [route.primary, route.canary?.version, route.shadow?.version]) {
            if (version) await warmVersion(ctx, version);
          }
          state.warmed.push(endpoint.name);
        } catch {
          state.failed.push(endpoint.name);
        }
      }
      state.done = true;
    })();
    warmups.set(ctx, state);
    warmup = state;
  }
  return warmup.promise;
}

/** From now on `/ready` answers 503 (a load balancer stops sending), before the server drains. */
export function markDraining(ctx: AppContext): void {
  draining.add(ctx);
}

/**
 * Readiness: 503 `server.not_ready` while the database does not answer, the endpoints are still
 * warming (the first call starts warming them if nothing did) or the server is draining.
 */
export async function readiness(ctx: AppContext): Promise<ReadyView> {
  if (draining.has(ctx)) throw servingErrors.notReady('it is shutting down (draining)');
  try {
    await sql`select 1`.execute(ctx.db);
  } catch (error) {
    throw servingErrors.notReady(`the database does not answer (${(error as Error).message})`);
  }
  void warmEndpoints(ctx);
  const warmup = warmups.get(ctx)!;
  if (!warmup.done) throw servingErrors.notReady('the endpoints are still being loaded and warmed');
  return { status: 'ready', database: 'ok', warmed: warmup.warmed, failed: warmup.failed };
}
