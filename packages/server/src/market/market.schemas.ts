import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

export const AddMarketCellSchema = z
  .object({
    region: z.string().trim().min(1).max(100),
    industry: z.string().trim().min(1).max(100),
    /** Estimated yearly demand in the cell, minor units. */
    demandMinor: z.number().int().nonnegative('demand cannot be negative'),
    currency: CurrencySchema.default('USD'),
  })
  .strict();

/** KPI targets the report compares with (shares are 0..1). */
export const TargetsSchema = z
  .object({
    coverage: z.number().min(0).max(1),
    partnerSourcedShare: z.number().min(0).max(1),
    winRate: z.number().min(0).max(1),
    csat: z.number().min(1).max(5),
    nps: z.number().min(-100).max(100),
    complaintRate: z.number().min(0),
    marginShare: z.number().min(-1).max(1),
  })
  .partial()
  .strict()
  .meta({ id: 'KpiTargets' });

export const STRATEGY_MODES = ['multi-channel', 'partner-led'] as const;

export const SetStrategySchema = z
  .object({ mode: z.enum(STRATEGY_MODES), targets: TargetsSchema.default({}) })
  .strict();

export type MarketCellInput = z.input<typeof AddMarketCellSchema>;
export type StrategyInput = z.input<typeof SetStrategySchema>;
export type Targets = z.output<typeof TargetsSchema>;

export const MarketCellSchema = z
  .object({
    id: z.string(),
    region: z.string(),
    industry: z.string(),
    demandMinor: z.number().int(),
    currency: z.string(),
  })
  .meta({ id: 'MarketCell' });

export const StrategySchema = z
  .object({
    mode: z.enum(STRATEGY_MODES),
    targets: TargetsSchema,
    /** null until the owner first sets a strategy (the default is multi-channel). */
    updatedAt: Instant.nullable(),
  })
  .meta({ id: 'Strategy' });

export type MarketCell = z.infer<typeof MarketCellSchema>;
export type Strategy = z.infer<typeof StrategySchema>;

export const marketContract = {
  listCells: route({
    method: 'GET',
    path: '/api/v1/market/cells',
    summary: 'Target cells (region × industry) with their estimated demand',
    access: ACCESS.staffRead,
    response: z.array(MarketCellSchema),
  }),
  addCell: route({
    method: 'POST',
    path: '/api/v1/market/cells',
    summary: 'Add a target cell (one per region × industry)',
    access: ACCESS.staff,
    body: AddMarketCellSchema,
    status: 201,
    response: MarketCellSchema,
  }),
  getStrategy: route({
    method: 'GET',
    path: '/api/v1/strategy',
    summary: 'The chosen channel strategy and its KPI targets',
    access: ACCESS.staffRead,
    response: StrategySchema,
  }),
  setStrategy: route({
    method: 'PUT',
    path: '/api/v1/strategy',
    summary: 'Set the channel strategy and its KPI targets (replacing the previous ones)',
    access: ACCESS.staff,
    body: SetStrategySchema,
    response: StrategySchema,
  }),
};
