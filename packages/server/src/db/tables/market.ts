/** Market cells and the channel strategy (the market domain). */

/** A target market cell: a region × industry with its estimated yearly demand. */
export interface MarketCellTable {
  id: string;
  region: string;
  industry: string;
  demand_minor: number;
  currency: string;
  created_at: string;
}

/** The chosen channel strategy (one row, id `current`) and its KPI targets. */
export interface ChannelStrategyTable {
  id: string;
  mode: string;
  targets_json: string;
  updated_at: string;
}
