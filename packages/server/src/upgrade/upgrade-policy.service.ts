import type { AppContext } from '../context.ts';
import { parseInput } from '../shared/validate.ts';
import {
  type RetrainPolicyInput,
  RetrainPolicySchema,
  type RetrainPolicyView,
} from './upgrade.schemas.ts';
import * as store from './upgrade.store.ts';

/** An endpoint's retraining policy (the defaults when none was set). */
export async function policyOf(ctx: AppContext, endpointId: string) {
  const row = await store.findPolicy(ctx.db, endpointId);
  return {
    ...RetrainPolicySchema.parse(row ? JSON.parse(row.policy_json) : {}),
    updatedBy: row?.updated_by ?? null,
    updatedAt: row?.updated_at ?? null,
  };
}

async function view(ctx: AppContext, name: string, endpointId: string): Promise<RetrainPolicyView> {
  const policy = await policyOf(ctx, endpointId);
  const last = (await store.lastRunAt(ctx.db, endpointId)) ?? policy.updatedAt;
  const nextRunAt =
    policy.scheduleHours === null || !last
      ? null
      : new Date(Date.parse(last) + policy.scheduleHours * 3_600_000).toISOString();
  return { endpoint: name, ...policy, nextRunAt };
}

export async function getPolicy(ctx: AppContext, name: string): Promise<RetrainPolicyView> {
  return view(ctx, name, await ctx.endpoints.idOf(name));
}

/** Sets when the endpoint retrains by itself and how its canaries are judged. */
export async function setPolicy(
  ctx: AppContext,
  name: string,
  input: RetrainPolicyInput,
  actor: string,
): Promise<RetrainPolicyView> {
  const policy = parseInput(RetrainPolicySchema, input, 'retraining policy');
  const endpointId = await ctx.endpoints.idOf(name);
  await store.putPolicy(ctx.db, {
    endpoint_id: endpointId,
    policy_json: JSON.stringify(policy),
    updated_by: actor,
    updated_at: ctx.clock.now().toISOString(),
  });
  return view(ctx, name, endpointId);
}

/** Endpoints whose schedule is due at `now`. */
export async function dueSchedules(ctx: AppContext, now: Date) {
  const due: string[] = [];
  for (const row of await store.listPolicies(ctx.db)) {
    const policy = RetrainPolicySchema.parse(JSON.parse(row.policy_json));
    if (policy.scheduleHours === null) continue;
    const last = (await store.lastRunAt(ctx.db, row.endpoint_id)) ?? row.updated_at;
    if (now.getTime() - Date.parse(last) >= policy.scheduleHours * 3_600_000)
      due.push(row.endpoint_id);
  }
  return due;
}
