import { z } from 'zod';
import { AliasName } from '../registry/registry.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import { EndpointParams, EndpointSchema } from './serving.schemas.ts';

const Percent = z.number().min(0).max(100);

const oneTarget = (v: { version?: number; alias?: string }) =>
  (v.version === undefined) !== (v.alias === undefined);

/** A canary: a version or an alias of the endpoint's model, on `percent` of its callers. */
export const TrafficCanarySchema = z
  .object({
    version: z.number().int().positive().optional(),
    alias: AliasName.optional(),
    /** Share of callers (0-100), each kept on its side by a hash of who it is. */
    percent: Percent,
  })
  .refine(oneTarget, { message: 'give exactly one of version or alias' })
  .meta({ id: 'CanaryRequest' });

export type TrafficCanaryInput = z.input<typeof TrafficCanarySchema>;

/** A shadow: a version or alias (of this or another model with the same input). */
export const TrafficShadowSchema = z
  .object({
    /** Default: the endpoint's model. */
    model: z.string().min(1).optional(),
    version: z.number().int().positive().optional(),
    alias: AliasName.optional(),
    /** Share of calls also run on the shadow (default all). */
    percent: Percent.default(100),
  })
  .refine(oneTarget, { message: 'give exactly one of version or alias' })
  .meta({ id: 'ShadowRequest' });

export type TrafficShadowInput = z.input<typeof TrafficShadowSchema>;

/** Why a promotion or rollback was made (kept in the history). */
export const TrafficChangeSchema = z
  .object({ reason: z.string().max(500).optional() })
  .meta({ id: 'TrafficChangeRequest' });

export type TrafficChangeInput = z.input<typeof TrafficChangeSchema> | undefined;

export const EndpointEventSchema = z
  .object({
    id: z.string(),
    /** deploy, stop, start, canary, shadow, shadow.stopped, promote, rollback. */
    action: z.string(),
    /** What changed: versions, aliases, percentages, the reason. */
    detail: z.record(z.string(), z.unknown()),
    /** owner, admin:<token>, or upgrade:<run> for the retraining loop. */
    actor: z.string(),
    at: Instant,
  })
  .meta({ id: 'EndpointEvent' });

export type EndpointEventView = z.infer<typeof EndpointEventSchema>;

export const trafficContract = {
  canary: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/canary',
    summary: 'Send a share of the callers (sticky per caller) to another version or alias',
    access: ACCESS.staff,
    params: EndpointParams,
    body: TrafficCanarySchema,
    response: EndpointSchema,
  }),
  shadow: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/shadow',
    summary: 'Also run calls on a shadow version: answers logged and compared, never returned',
    access: ACCESS.staff,
    params: EndpointParams,
    body: TrafficShadowSchema,
    response: EndpointSchema,
  }),
  stopShadow: route({
    method: 'DELETE',
    path: '/api/v1/endpoints/:name/shadow',
    summary: 'Stop the shadow',
    access: ACCESS.staff,
    params: EndpointParams,
    response: EndpointSchema,
  }),
  promote: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/promote',
    summary: 'Make the canary the endpoint’s version (moves its alias, or re-pins it)',
    access: ACCESS.staff,
    params: EndpointParams,
    body: TrafficChangeSchema,
    response: EndpointSchema,
  }),
  rollback: route({
    method: 'POST',
    path: '/api/v1/endpoints/:name/rollback',
    summary: 'End the canary, or undo the last promotion when none runs',
    access: ACCESS.staff,
    params: EndpointParams,
    body: TrafficChangeSchema,
    response: EndpointSchema,
  }),
  history: route({
    method: 'GET',
    path: '/api/v1/endpoints/:name/history',
    summary: 'Who changed the endpoint’s traffic, when, and how (oldest first)',
    access: ACCESS.staffRead,
    params: EndpointParams,
    response: z.array(EndpointEventSchema),
  }),
};
