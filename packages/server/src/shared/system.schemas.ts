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

export const systemContract = {
  health: route({
    method: 'GET',
    path: '/api/v1/health',
    summary: 'Whether the server is up, its version and its ML backend',
    access: ACCESS.public,
    response: HealthSchema,
  }),
};
