import { createHash } from 'node:crypto';
import { authErrors } from '../auth/auth.errors.ts';
import type { AppContext } from '../context.ts';
import { productOfEndpoint } from '../plans/plans.service.ts';
import { sortableId } from '../shared/ids.ts';
import type { Principal } from '../shared/principal.ts';
import { meteringErrors } from './metering.errors.ts';
import * as store from './metering.store.ts';
import { monthOf } from './periods.ts';

/** Products and plans do not change once created; new ones are seen within this many ms. */
const PRODUCT_CACHE_MS = 2000;

/** Whether customer calls are metered (`QUDAO_METERING=off` turns it off, for benchmarks). */
export function meteringEnabled(ctx: AppContext): boolean {
  return ctx.metering.enabled;
}

/** The `Idempotency-Key` header, checked (Stripe's contract: up to 255 characters). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw meteringErrors.badIdempotencyKey();
  }
  return key;
}

/** A fingerprint of the request a key was first used with (method, path and body). */
export function requestHash(parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

export interface CallRequest {
  principal: Extract<Principal, { kind: 'customer' }>;
  endpointId: string;
  endpointName: string;
  idempotencyKey: string | null;
  requestHash: string;
  /** Input rows in the call (1 for an image); a unit is a row unless the plan bills per call. */
  rows: number;
  /**
   * Language-model calls: the prompt's tokens and the most the call may generate. The worst
   * case is reserved against the key's budget before the call runs.
   */
  tokens?: { input: number; maxOutput: number };
}

export interface Replay {
  kind: 'replay';
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Admission =
  | Replay
  | { kind: 'admitted'; call: AdmittedCall; headers: Record<string, string> };

export interface AdmittedCall {
  request: CallRequest;
  productId: string;
  period: { start: string; end: string };
  units: number;
  reserved: boolean;
  /** Token prices of the plan (minor units per 1,000), when the call counts tokens. */
  tokenPrices: { input: number; output: number; currency: string } | null;
  /** The worst case held against the key's budget (1/1000 minor units); 0 when none. */
  budgetHeld: number;
}

/** The price of tokens at a plan's prices, in thousandths of a minor unit (exact). */
export function tokenCostMilli(
  prices: { input: number; output: number },
  tokens: { input: number; output: number },
): number {
  return tokens.input * prices.input + tokens.output * prices.output;
}

/**
 * Admits a customer's call, or refuses it before any work: replays the saved answer of a known
 * `Idempotency-Key`, refuses an endpoint not sold as a product (every admitted call is priced),
 * checks the key's product scope, the customer's token bucket for the product (shared by all
 * its keys, so minting keys buys no extra calls) and the plan's period quota (429 with
 * `Retry-After` and the remaining quota).
 */
export async function admitCall(ctx: AppContext, request: CallRequest): Promise<Admission> {
  const state = ctx.metering;
  const { principal } = request;
  if (request.idempotencyKey) {
    const saved = await store.findSaved(ctx.db, principal.customerId, request.idempotencyKey);
    if (saved) return replayOf(saved, request.requestHash);
  }
  const product = await cachedProduct(ctx, request.endpointId);
  if (!product) throw meteringErrors.notForSale(request.endpointName);
  if (principal.products && !principal.products.includes(product.id)) {
    throw authErrors.keyOutOfScope(product.name);
  }
  const { plan } = product;
  const now = ctx.clock.now();
  const period = monthOf(now);
  const headers: Record<string, string> = {
    'ratelimit-limit': String(plan.burst),
  };
  // One bucket per customer and product: a key's limit is its customer's, so the sum over any
  // number of keys is the plan's rate (docs/security.md, "Limits per customer").
  const bucket = `${principal.customerId}|${product.id}`;
  const taken = state.buckets.take(bucket, plan.ratePerSecond, plan.burst);
  headers['ratelimit-remaining'] = String(taken.remaining);
  const quota = plan.quotaUnits;
  const hardQuota = plan.overagePriceMinor === null ? quota : null;
  if (quota !== null) {
    headers['x-quota-limit'] = String(quota);
    headers['x-quota-reset'] = period.end;
  }
  if (taken.waitSeconds > 0) {
    throw meteringErrors.rateLimited(Math.max(1, Math.ceil(taken.waitSeconds)), headers);
  }
  const call: AdmittedCall = {
    request,
    productId: product.id,
    period,
    units: plan.billedPer === 'call' ? 1 : Math.max(1, request.rows),
    reserved: false,
    tokenPrices: request.tokens
      ? {
          input: plan.inputPricePer1kMinor ?? 0,
          output: plan.outputPricePer1kMinor ?? 0,
          currency: plan.currency,
        }
      : null,
    budgetHeld: 0,
  };
  await holdBudget(ctx, call, principal.budget ?? null);
  const scope = { customerId: principal.customerId, productId: product.id, period };
  const reserved = await state.quotas.reserve(ctx.db, scope, call.units, hardQuota);
  if (!reserved) {
    await releaseCall(ctx, call);
    headers['x-quota-remaining'] = '0';
    const seconds = Math.ceil((Date.parse(period.end) - now.getTime()) / 1000);
    throw meteringErrors.quotaExceeded(Math.max(1, seconds), headers);
  }
  call.reserved = true;
  if (quota !== null) headers['x-quota-remaining'] = String(Math.max(0, quota - reserved.used));
  return { kind: 'admitted', call, headers };
}

/**
 * Holds a token call's worst case (prompt + max_tokens at the plan's prices) against the key's
 * budget, or refuses it (402) when that could take the key's spend this period past it.
 */
async function holdBudget(
  ctx: AppContext,
  call: AdmittedCall,
  budget: { id: string; minor: number } | null,
) {
  const tokens = call.request.tokens;
  if (!tokens || !call.tokenPrices || !budget) return;
  const worst = tokenCostMilli(call.tokenPrices, { input: tokens.input, output: tokens.maxOutput });
  const scope = { budgetId: budget.id, period: call.period };
  if (!(await ctx.metering.budgets.reserve(ctx.db, scope, worst, budget.minor * 1000))) {
    throw meteringErrors.budgetExhausted(budget.minor, call.tokenPrices.currency);
  }
  call.budgetHeld = worst;
}

/**
 * Commits the call's usage event (and its saved answer, with a key) in one transaction, before
 * the answer is sent. A concurrent retry with the same key that committed first wins: this
 * call's answer is dropped and the saved one replayed, so the call is billed once.
 */
export async function commitCall(
  ctx: AppContext,
  call: AdmittedCall,
  /** `detail`: more for the event's data (a language-model call: the provider that answered). */
  answer: { status: number; body: unknown; latencyMs: number; detail?: Record<string, unknown> },
  /** A language-model call's tokens as used (billed at the plan's token prices). */
  tokens?: { input: number; output: number },
): Promise<Replay | null> {
  const cost = tokens && call.tokenPrices ? tokenCostMilli(call.tokenPrices, tokens) : null;
  const { request } = call;
  const { principal } = request;
  const id = sortableId('evt');
  const time = ctx.clock.now().toISOString();
  const data = {
    endpoint: request.endpointName,
    endpointId: request.endpointId,
    productId: call.productId,
    partnerId: principal.partnerId,
    apiKeyId: principal.apiKeyId,
    units: call.units,
    latencyMs: answer.latencyMs,
    ...(tokens && { inputTokens: tokens.input, outputTokens: tokens.output, costMilliMinor: cost }),
    ...answer.detail,
  };
  const event = {
    id,
    endpoint_id: request.endpointId,
    customer_id: principal.customerId,
    partner_id: principal.partnerId,
    api_key_id: principal.apiKeyId,
    occurred_at: time,
    latency_ms: answer.latencyMs,
    type: tokens ? 'qudao.generation' : 'qudao.prediction',
    source: `/endpoints/${request.endpointName}`,
    quantity: call.units,
    product_id: call.productId,
    idempotency_key: request.idempotencyKey,
    data_json: JSON.stringify(data),
    input_tokens: tokens?.input ?? null,
    output_tokens: tokens?.output ?? null,
    cost_milli_minor: cost,
    budget_id: principal.budget?.id ?? null,
  };
  const saved = request.idempotencyKey
    ? {
        customer_id: principal.customerId,
        key: request.idempotencyKey,
        request_hash: request.requestHash,
        status_code: answer.status,
        response_json: JSON.stringify(answer.body),
        usage_event_id: id,
        created_at: time,
      }
    : null;
  let committed = false;
  try {
    // A generation finishes inside a decode step: its event is committed in that turn.
    await ctx.metering.writer.write(event, saved, { soon: tokens !== undefined });
    committed = true;
    return null;
  } catch (error) {
    if (!request.idempotencyKey) throw error;
    const winner = await store.findSaved(ctx.db, principal.customerId, request.idempotencyKey);
    if (!winner) throw error;
    return replayOf(winner, request.requestHash);
  } finally {
    await releaseCall(ctx, call, committed, committed ? (cost ?? 0) : 0);
  }
}

/**
 * Gives back a call's quota reservation (counted as used when it was committed) and its budget
 * hold (`spentMilli` counted as spent: what the committed call cost; 0 when it failed).
 */
export async function releaseCall(
  ctx: AppContext,
  call: AdmittedCall,
  committed = false,
  spentMilli = 0,
) {
  const budget = call.request.principal.budget;
  if (budget && (call.budgetHeld > 0 || spentMilli > 0)) {
    const held = call.budgetHeld;
    call.budgetHeld = 0;
    const scope = { budgetId: budget.id, period: call.period };
    await ctx.metering.budgets.settle(ctx.db, scope, held, spentMilli);
  }
  if (!call.reserved) return;
  call.reserved = false;
  await ctx.metering.quotas.settle(
    ctx.db,
    {
      customerId: call.request.principal.customerId,
      productId: call.productId,
      period: call.period,
    },
    call.units,
    committed,
  );
}

async function cachedProduct(ctx: AppContext, endpointId: string) {
  const now = ctx.clock.now().getTime();
  const hit = ctx.metering.products.get(endpointId);
  if (hit && now - hit.at < PRODUCT_CACHE_MS) return hit.product;
  const product = await productOfEndpoint(ctx, endpointId);
  ctx.metering.products.set(endpointId, { at: now, product });
  return product;
}

function replayOf(
  saved: { request_hash: string; status_code: number; response_json: string },
  hash: string,
): Replay {
  if (saved.request_hash !== hash) throw meteringErrors.idempotencyMismatch();
  return {
    kind: 'replay',
    status: saved.status_code,
    body: JSON.parse(saved.response_json),
    headers: { 'idempotent-replayed': 'true' },
  };
}
