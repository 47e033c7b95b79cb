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

/** A person of a partner, invited by role; accepting the invitation issues a partner token. */
export interface PartnerUserTable {
  id: string;
  partner_id: string;
  email: string;
  name: string;
  /** manager | sales | finance */
  role: string;
  /** invited | active | revoked */
  status: string;
  invite_prefix: string | null;
  invite_hash: string | null;
  invite_expires_at: string | null;
  invited_by: string;
  invited_at: string;
  accepted_at: string | null;
  token_id: string | null;
  certification: string | null;
  certified_at: string | null;
}

/** A signed-in console browser (auth/console-sessions.service.ts). */
export interface ConsoleSessionTable {
  /** sha256 (hex) of the cookie's secret. */
  id: string;
  /** The role the session signed in as (the credential decides on every request). */
  kind: string;
  /** The credential the session acts with, sealed with a key derived from the cookie's secret. */
  credential_sealed: string;
  /** The token every state-changing request of the session sends in `x-qudao-csrf`. */
  csrf: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** A person invited by role: admin, analyst, or a customer's user (auth/invitations.service.ts). */
export interface MemberInvitationTable {
  id: string;
  /** admin | analyst | customer */
  role: string;
  customer_id: string | null;
  name: string;
  email: string;
  /** invited | accepted | revoked */
  status: string;
  prefix: string | null;
  secret_hash: string | null;
  expires_at: string;
  invited_by: string;
  invited_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  /** The access token (admin, analyst) or API key (customer) the acceptance issued. */
  credential_id: string | null;
}
