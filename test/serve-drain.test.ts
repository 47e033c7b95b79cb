import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeContext, createContext } from '@qudao/server';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTinyModel } from './channels/model.ts';
import { type ServerProcess, startServerProcess } from './channels/server-process.ts';

/**
 * `qudao serve` on SIGTERM (#12 Lifecycle): /ready goes 503, the listener closes, and the
 * requests already in flight still run through their batches and are answered before the
 * process exits 0. The requests are held in flight by sending half their body before the signal.
 */
describe('graceful stop of qudao serve', () => {
  let home: string;
  let token: string;
  let server: ServerProcess;
  let png: Buffer;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'qudao-drain-'));
    const ctx = await createContext({ home, logLevel: 'silent' });
    const { image } = await deployTinyModel(ctx);
    png = Buffer.from(
      encode({
        width: 28,
        height: 28,
        channels: 1,
        depth: 8,
        data: Uint8Array.from(image(0).flat()),
      }),
    );
    token = ctx.ownerToken;
    await closeContext(ctx);
    server = await startServerProcess(home);
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null) server.proc.kill('SIGKILL');
    await rm(home, { recursive: true, force: true });
  });

  it('answers the requests in flight at SIGTERM, then exits 0', async () => {
    const { port } = new URL(server.url);
    for (let i = 0; i < 300; i++) {
      const ready = await fetch(`${server.url}/api/v1/ready`);
      if (ready.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const inFlight = Array.from({ length: 4 }, () => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/endpoints/digits/predict',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'image/png',
          'content-length': png.length,
        },
      });
      const answer = once(request, 'response').then(async ([response]) => {
        let body = '';
        for await (const chunk of response as http.IncomingMessage) body += chunk;
        return { status: (response as http.IncomingMessage).statusCode, body: JSON.parse(body) };
      });
      request.write(png.subarray(0, 40));
      return { request, answer };
    });
    await new Promise((r) => setTimeout(r, 500));
    const exited = once(server.proc, 'exit');
    server.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // Still running: it waits for the requests it holds; new connections are refused.
    expect(server.proc.exitCode).toBeNull();
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
    for (const { request } of inFlight) request.end(png.subarray(40));
    const answers = await Promise.all(inFlight.map((f) => f.answer));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.every((a) => typeof a.body.label === 'string')).toBe(true);
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
