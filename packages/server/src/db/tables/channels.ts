/** Partners and customers (the channels domain). */

export interface PartnerTable {
  id: string;
  name: string;
  tier: string;
  region: string | null;
  created_at: string;
  /** direct | reseller | referral | integrator | marketplace */
  channel: string;
  regions_json: string;
  industries_json: string;
}

export interface CustomerTable {
  id: string;
  name: string;
  partner_id: string | null;
  created_at: string;
  region: string | null;
  industry: string | null;
  /** small | medium | large | enterprise */
  size: string | null;
  /** Start of the customer relationship (first year vs renewal commission). */
  since: string | null;
}
