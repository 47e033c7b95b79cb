import type { AppContext } from '../context.ts';
import {
  type AdmittedCall,
  admitCall,
  commitCall,
  meteringEnabled,
  releaseCall,
  tokenCostMilli,
} from '../metering/calls.ts';
import type { Principal } from '../shared/principal.ts';
import type { UsageView } from './gateway.schemas.ts';

/** Tokens of a call: as reserved (prompt + max_tokens) or as used. */
export interface TokenCount {
  input: number;
  output: number;
}

/** What a gateway call is metered under: a language-model endpoint or an upstream model. */
export interface MeteredModel {
  id: string;
  name: string;
}

export interface GatewayAdmission {
  /** Null: not metered (the owner, or metering off). */
  call: AdmittedCall | null;
  headers: Record<string, string>;
}

/**
 * Admits a call through metering before any token is generated: the key's product scope, the
 * customer's rate limit and quota, and the key's budget, which holds the worst case (prompt +
 * max_tokens at the plan's token prices) until the call settles; nothing is billed for a call
 * refused here. The owner's calls are not metered (as its predictions are not).
 */
export async function admitGeneration(
  ctx: AppContext,
  principal: Principal,
  endpoint: MeteredModel,
  worst: TokenCount,
): Promise<GatewayAdmission> {
  if (principal.kind !== 'customer' || !meteringEnabled(ctx)) return { call: null, headers: {} };
  const admission = await admitCall(ctx, {
    principal,
    endpointId: endpoint.id,
    endpointName: endpoint.name,
    idempotencyKey: null,
    requestHash: '',
    rows: 1,
    tokens: { input: worst.input, maxOutput: worst.output },
  });
  if (admission.kind === 'replay') throw new Error('gateway calls carry no Idempotency-Key');
  return { call: admission.call, headers: admission.headers };
}

/**
 * Commits the call's usage event with the tokens it used (a cut stream: the tokens made until
 * it was cut) before the answer's last chunk; returns the usage block with what it cost.
 */
export async function settleGeneration(
  ctx: AppContext,
  admission: GatewayAdmission,
  used: TokenCount,
  latencyMs: number,
  /** More for the usage event's data (an upstream call: the provider that answered). */
  detail?: Record<string, unknown>,
): Promise<UsageView> {
  const usage = {
    prompt_tokens: used.input,
    completion_tokens: used.output,
    total_tokens: used.input + used.output,
  };
  const { call } = admission;
  if (!call) return usage;
  await commitCall(ctx, call, { status: 200, body: null, latencyMs, detail }, used);
  const prices = call.tokenPrices!;
  return {
    ...usage,
    cost_minor: tokenCostMilli(prices, used) / 1000,
    currency: prices.currency,
  };
}

/** Gives back what an admitted call reserved (the call failed before it was answered). */
export async function releaseGeneration(ctx: AppContext, admission: GatewayAdmission) {
  if (admission.call) await releaseCall(ctx, admission.call);
}
