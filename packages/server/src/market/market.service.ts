import type { AppContext } from '../context.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { newId } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { marketErrors } from './market.errors.ts';
import {
  AddMarketCellSchema,
  type MarketCell,
  type MarketCellInput,
  SetStrategySchema,
  type Strategy,
  type StrategyInput,
  type Targets,
} from './market.schemas.ts';
import * as store from './market.store.ts';

/** Adds a target cell (region × industry) with its estimated demand; one per pair. */
export async function addMarketCell(ctx: AppContext, input: MarketCellInput): Promise<MarketCell> {
  const data = parseInput(AddMarketCellSchema, input, 'market cell');
  assertKnownCurrency(data.currency);
  const exists = await store.findCell(ctx.db, data.region, data.industry);
  if (exists) throw marketErrors.cellExists(data.region, data.industry);
  const row = {
    id: newId('cell'),
    region: data.region,
    industry: data.industry,
    demand_minor: data.demandMinor,
    currency: data.currency,
    created_at: ctx.clock.now().toISOString(),
  };
  await store.insertCell(ctx.db, row);
  return {
    id: row.id,
    region: row.region,
    industry: row.industry,
    demandMinor: row.demand_minor,
    currency: row.currency,
  };
}

export async function listMarketCells(ctx: AppContext): Promise<MarketCell[]> {
  const rows = await store.listCells(ctx.db);
  return rows.map((r) => ({
    id: r.id,
    region: r.region,
    industry: r.industry,
    demandMinor: r.demand_minor,
    currency: r.currency,
  }));
}

export async function getStrategy(ctx: AppContext): Promise<Strategy> {
  const row = await store.findStrategy(ctx.db);
  if (!row) return { mode: 'multi-channel', targets: {}, updatedAt: null };
  return {
    mode: row.mode as Strategy['mode'],
    targets: JSON.parse(row.targets_json) as Targets,
    updatedAt: row.updated_at,
  };
}

/** Sets the chosen strategy and its KPI targets (replacing the previous ones). */
export async function setStrategy(ctx: AppContext, input: StrategyInput): Promise<Strategy> {
  const data = parseInput(SetStrategySchema, input, 'strategy');
  const row = {
    mode: data.mode,
    targets_json: JSON.stringify(data.targets),
    updated_at: ctx.clock.now().toISOString(),
  };
  await store.replaceStrategy(ctx.db, row);
  return getStrategy(ctx);
}
