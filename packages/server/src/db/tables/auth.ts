/** Customer API keys and access tokens, hashed (the auth domain). */

export interface ApiKeyTable {
  id: string;
  customer_id: string;
  prefix: string;
  secret_hash: string;
  status: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  expires_at: string | null;
  /** JSON array of product ids the key may call; null = every product. */
  products_json: string | null;
  name: string | null;
  /** Money the key may spend per monthly period (minor units); null: no budget. */
  budget_minor: number | null;
  /** The budget the key spends (its own id, or the key it was rotated from or made by). */
  budget_id: string | null;
}

/** Staff (admin, analyst) and partner credentials; customers use `api_keys`. */
export interface AccessTokenTable {
  id: string;
  role: string;
  partner_id: string | null;
  name: string;
  prefix: string;
  secret_hash: string;
  status: string;
  expires_at: string | null;
  created_at: string;
  revoked_at: string | null;
}
