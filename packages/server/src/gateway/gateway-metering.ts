import type { AppContext } from '../context.ts';
import {
  type AdmittedCall,
  admitCall,
  commitCall,
  meteringEnabled,
  releaseCall,
} from '../metering/calls.ts';
import type { LanguageModelEndpoint } from '../serving/language-model-endpoints.service.ts';
import type { Principal } from '../shared/principal.ts';
import type { UsageView } from './gateway.schemas.ts';

/** Tokens of a call: as reserved (prompt + max_tokens) or as used. */
export interface TokenCount {
  input: number;
  output: number;
}

export interface GatewayAdmission {
  /** Null: not metered (the owner, or metering off). */
  call: AdmittedCall | null;
  headers: Record<string, string>;
}

/**
 * Admits a call through metering before any token is generated: the key's product scope, the
 * customer's rate limit and quota; nothing is billed for a call refused here. The owner's
 * calls are not metered (as its predictions are not).
 */
export async function admitGeneration(
  ctx: AppContext,
  principal: Principal,
  endpoint: LanguageModelEndpoint,
  _worst: TokenCount,
): Promise<GatewayAdmission> {
  if (principal.kind !== 'customer' || !meteringEnabled(ctx)) return { call: null, headers: {} };
  const admission = await admitCall(ctx, {
    principal,
    endpointId: endpoint.id,
    endpointName: endpoint.name,
    idempotencyKey: null,
    requestHash: '',
    rows: 1,
  });
  if (admission.kind === 'replay') throw new Error('gateway calls carry no Idempotency-Key');
  return { call: admission.call, headers: admission.headers };
}

/** Commits the call's usage event with the tokens it used; returns the usage block. */
export async function settleGeneration(
  ctx: AppContext,
  admission: GatewayAdmission,
  used: TokenCount,
  latencyMs: number,
): Promise<UsageView> {
  const usage = {
    prompt_tokens: used.input,
    completion_tokens: used.output,
    total_tokens: used.input + used.output,
  };
  if (!admission.call) return usage;
  await commitCall(ctx, admission.call, { status: 200, body: null, latencyMs });
  return usage;
}

/** Gives back what an admitted call reserved (the call failed before it was answered). */
export async function releaseGeneration(ctx: AppContext, admission: GatewayAdmission) {
  if (admission.call) await releaseCall(ctx, admission.call);
}
