import { type AppContext, buildServer, deploy } from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { LightMyRequestResponse } from 'fastify';
import { deployTinyModel } from '../channels/model.ts';

/** One caller of the security tests: its credential on every request, real HTTP (inject). */
export interface Caller {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: object): Promise<LightMyRequestResponse>;
}

/**
 * A fresh workspace and server on a manual clock (the attacker cannot move it, the test can),
 * with the owner as a caller. `dispose` closes both.
 */
export async function securityServer(start = '2030-03-10T09:00:00.000Z') {
  const clock = new ManualClock(start);
  const ctx = await createTestContext({ clock });
  const app = await buildServer(ctx);
  const as = (token: string): Caller => {
    const headers = { authorization: `Bearer ${token}` };
    return {
      get: (url) => app.inject({ method: 'GET', url, headers }),
      post: (url, payload = {}) => app.inject({ method: 'POST', url, payload, headers }),
    };
  };
  return {
    clock,
    ctx,
    app,
    as,
    owner: as(ctx.ownerToken),
    dispose: async () => {
      await app.close();
      await ctx.dispose();
    },
  };
}

/** An endpoint row without a model: enough for selling it and for the checks before predict. */
export async function stubEndpoint(ctx: AppContext, name: string, at: string) {
  await ctx.db
    .insertInto('endpoints')
    .values({
      id: `ep_${name}`,
      name,
      model_version_id: 'mv_stub',
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** The answer's error code, failing with the whole body when the status is not the expected one. */
export function errorOf(res: { statusCode: number; body: string }, status: number): string {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  }
  return (JSON.parse(res.body) as { error: { code: string } }).error.code;
}

/** The tiny real digits model deployed on each of these endpoints; `image(i)` is a test digit. */
export async function deployDigits(ctx: AppContext, endpoints: string[]) {
  const [first, ...more] = endpoints;
  const { image } = await deployTinyModel(ctx, first);
  for (const name of more) await deploy(ctx, { name, model: 'digits-mlp', version: 1 });
  return image;
}
