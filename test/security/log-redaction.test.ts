import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createAccessToken,
  createApiKey,
  createCustomer,
  type RunningServer,
  startServer,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue #11: the owner token was written in full to logs/server.log (the console URL
 * `/?token=…` at info level). Real credentials go through logged requests and a logged error
 * at trace level (everything Fastify logs); the log file must hold none of them.
 */
describe('the server log holds no token or key', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let server: RunningServer;
  let customerKey: string;
  let adminToken: string;
  let log: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.config.logLevel = 'trace';
    const customer = await createCustomer(ctx, { name: 'Botanic Co' });
    customerKey = (await createApiKey(ctx, customer.id)).key;
    adminToken = (await createAccessToken(ctx, { role: 'admin', name: 'ops' })).token;
    server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
    const base = server.url;
    const owner = ctx.ownerToken;
    const q = (s: string) => encodeURIComponent(s);
    const calls: [string, RequestInit?][] = [
      // The console URL as it used to be printed, e.g. an old bookmark.
      [`${base}/?token=${q(owner)}`],
      [`${base}/api/v1/models?token=${q(owner)}&key=${q(customerKey)}`, bearer(owner)],
      [`${base}/api/v1/models?access_token=${owner}&x=${customerKey}`, bearer(adminToken)],
      [`${base}/api/v1/models/%E0%A4%A?token=${q(owner)}`, bearer(owner)],
      [`${base}/api/v1/models`, { headers: { 'x-api-key': customerKey, cookie: `t=${owner}` } }],
      [
        `${base}/api/v1/endpoints/nope/predict?key=${q(customerKey)}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${customerKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: [[1, 2, 3, 4]], key: customerKey }),
        },
      ],
      [
        `${base}/api/v1/models/import`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: `{"token":"${owner}", broken`,
        },
      ],
      [`${base}/api/v1/${customerKey}/${owner}`, bearer(customerKey)],
    ];
    for (const [url, init] of calls) await (await fetch(url, init)).arrayBuffer();
    // An error that carries credentials in its message, logged through the app's own logger.
    server.app.log.error(
      { err: new Error(`upstream refused ${owner} and ${customerKey}`), token: owner },
      `failed for ${adminToken}`,
    );
    await server.app.close();
    // pino writes the file asynchronously: on a loaded machine the last lines can land a moment
    // after close. Wait (up to 10 s) for the last one before reading what was logged.
    const file = path.join(ctx.paths.logs, 'server.log');
    for (let waited = 0; waited < 10_000; waited += 50) {
      log = await readFile(file, 'utf8');
      if (log.includes('upstream refused')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it('logged the requests (so the check below is not vacuous)', () => {
    const lines = log.trim().split('\n');
    expect(lines.length).toBeGreaterThan(15);
    expect(log).toContain('/api/v1/models?token=');
    expect(log).toContain('upstream refused');
    expect(log).toContain('[redacted]');
  });

  it('holds neither the owner token, nor the admin token, nor the customer key', () => {
    // `qd_owner_<secret>`, `qdt_<prefix>_<secret>`, `qd_<prefix>_<secret>`: the secret is what
    // follows the second underscore (base64url, so it may hold underscores itself).
    const secretOf = (credential: string) => credential.split('_').slice(2).join('_');
    for (const credential of [ctx.ownerToken, adminToken, customerKey]) {
      expect(log).not.toContain(credential);
      expect(log).not.toContain(encodeURIComponent(credential));
      // Nor the secret part alone (the prefix that names a key may stay).
      expect(log).not.toContain(secretOf(credential));
    }
  });

  it('prints a console URL without the owner token', () => {
    expect(server.consoleUrl ?? '').not.toContain(ctx.ownerToken);
    expect(server.consoleUrl ?? '').not.toContain(secretOfOwner(ctx.ownerToken));
  });
});

function bearer(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}

function secretOfOwner(token: string): string {
  return token.replace('qd_owner_', '');
}
