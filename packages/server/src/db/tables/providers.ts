/** Upstream providers, the upstream models Qudao sells and the model maps between them (providers). */

export interface ProviderTable {
  id: string;
  name: string;
  /** The OpenAI-compatible base URL, e.g. `https://api.example.com/v1` (`/chat/completions` is appended). */
  base_url: string;
  /** The provider's API key, AES-256-GCM with the provider key (`v1:…`); null: none sent. */
  secret_sealed: string | null;
  /** The key's last four characters, to tell keys apart in the console. */
  secret_hint: string | null;
  /** How long the provider may stay silent (before its first byte and between chunks). */
  timeout_ms: number;
  /** The currency of its costs. */
  currency: string;
  created_at: string;
  updated_at: string;
}

/** A model name the gateway sells (products sell it by this id, as an endpoint's). */
export interface UpstreamModelTable {
  id: string;
  name: string;
  created_at: string;
}

/** One entry of a provider's model map: a route of an upstream model. */
export interface ProviderModelTable {
  id: string;
  provider_id: string;
  model_id: string;
  /** The provider's name of the model (sent as `model`, reported back to the caller). */
  upstream_model: string;
  /** The fallback order among the providers of the same model: lower first. */
  priority: number;
  /** What 1,000 tokens cost the owner at this provider, in minor units of its currency. */
  input_cost_per_1k_minor: number;
  output_cost_per_1k_minor: number;
}
