import { connect } from 'node:net';
import { buildServer } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Sends raw bytes and reads the whole answer (the server closes the socket on these errors). */
function rawRequest(port: number, bytes: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = answer.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1] ?? 0);
      resolve({ status, body: rest.join('\r\n\r\n') });
    });
    socket.end(bytes);
  });
}

/** Issue #11: every error, Fastify's and Node's HTTP parser's too, in the app's shape. */
describe("errors before a route runs answer the app's shape", () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let port: number;
  let auth: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    auth = `Authorization: Bearer ${ctx.ownerToken}\r\n`;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const appShaped = (body: string) => {
    const parsed = JSON.parse(body) as { error: { code: string; message: string } };
    expect(Object.keys(parsed)).toEqual(['error']);
    expect(parsed.error.code).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect(parsed.error.message.length).toBeGreaterThan(10);
    return parsed.error.code;
  };

  it('bad percent-encoding: 400 request.bad_url', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/models/%E0%A4%A`, {
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(res.status).toBe(400);
    expect(appShaped(await res.text())).toBe('request.bad_url');
  });

  it('an over-long path parameter: 414 request.param_too_long', async () => {
    // DELETE: no console route (GET /*) falls back to a 404 for it.
    const res = await fetch(
      `http://127.0.0.1:${port}/api/v1/models/${'a'.repeat(500)}/versions/1`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
      },
    );
    expect(res.status).toBe(414);
    expect(appShaped(await res.text())).toBe('request.param_too_long');
  });

  it("over-long headers (answered by Node's parser): 431 request.headers_too_large", async () => {
    const res = await rawRequest(
      port,
      `GET /api/v1/models HTTP/1.1\r\nHost: x\r\n${auth}X-Big: ${'b'.repeat(40_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(appShaped(res.body)).toBe('request.headers_too_large');
  });

  it('an over-long URL: 431 request.headers_too_large', async () => {
    const res = await rawRequest(
      port,
      `GET /api/v1/models?q=${'q'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n${auth}\r\n`,
    );
    expect(res.status).toBe(431);
    expect(appShaped(res.body)).toBe('request.headers_too_large');
  });

  it('a request that is not HTTP: 400 request.malformed', async () => {
    const res = await rawRequest(port, 'HELLO THERE\r\n\r\n');
    expect(res.status).toBe(400);
    expect(appShaped(res.body)).toBe('request.malformed');
  });
});
