/** Cost floors, wholesale price lists and resellers' retail plans (the wholesale domain). */

/** What one unit of a product costs the owner (per the product plan's unit). */
export interface ProductCostTable {
  id: string;
  product_id: string;
  cost_minor: number;
  currency: string;
  effective_from: string | null;
  created_at: string;
}

export interface WholesalePriceTable {
  id: string;
  tier: string;
  product_id: string;
  price_minor: number;
  currency: string;
  /** A reseller's retail prices must be at least this much above the wholesale price. */
  min_margin_bps: number;
  effective_from: string | null;
  created_at: string;
}

export interface RetailPlanTable {
  id: string;
  partner_id: string;
  product_id: string;
  name: string;
  currency: string;
  monthly_fee_minor: number;
  included_units: number;
  tier_mode: string;
  tiers_json: string;
  effective_from: string | null;
  created_at: string;
}
