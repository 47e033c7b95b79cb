import { z } from 'zod';
import { route } from './contract.ts';
import { ACCESS } from './roles.ts';

/** Routes of the server itself, not of a domain (pure: zod and the access rules only). */
export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    /** The server's version (`VERSION` in http/server.ts). */
    version: z.string(),
    /** The TensorFlow.js backend the models run on: `tensorflow`, `qudao-cpu`, `wasm` or `cpu`. */
    backend: z.string(),
  })
  .meta({ id: 'Health' });

export type HealthView = z.infer<typeof HealthSchema>;

/** Ready to take traffic: the database answers and every active endpoint's version is warmed. */
export const ReadySchema = z
  .object({
    status: z.literal('ready'),
    database: z.literal('ok'),
    /** Active endpoints whose version is loaded and warmed on every inference worker. */
    warmed: z.array(z.string()),
    /** Active endpoints whose version failed to load (they answer serving.model_load_failed). */
    failed: z.array(z.string()),
  })
  .meta({ id: 'Ready' });

export type ReadyView = z.infer<typeof ReadySchema>;

export const systemContract = {
  health: route({
    method: 'GET',
    path: '/api/v1/health',
    summary: 'Liveness: the process answers (its version and ML backend); nothing else is checked',
    access: ACCESS.public,
    response: HealthSchema,
  }),
  ready: route({
    method: 'GET',
    path: '/api/v1/ready',
    summary:
      'Readiness: the database answers and the endpoints are warmed (503 server.not_ready until then, and while draining)',
    access: ACCESS.public,
    response: ReadySchema,
  }),
  metrics: route({
    method: 'GET',
    path: '/api/v1/metrics',
    summary:
      'Prometheus metrics: latency per endpoint and version, batches, queues, errors, model loads, metering',
    access: ACCESS.staffRead,
    response: z.string(),
    produces: 'text/plain; version=0.0.4',
  }),
};
