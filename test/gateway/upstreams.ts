import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the failing upstream was asked. */
export interface UpstreamRequest {
  path: string;
  model: string | undefined;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** The words `die-after-3` and `stall-after-2` send before they fail, one a chunk. */
export const PIECES = ['one', ' two', ' three', ' four'];

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An OpenAI-compatible server on 127.0.0.1 that fails on purpose, chosen by the `model` it is
 * asked for: `rate-limited` (429), `broken` (500), `unauthorized` (401), `bad-request` (400),
 * `hang` (never answers), `die-after-3` (three chunks, then the connection is destroyed),
 * `stall-after-2` (two chunks, then silence), `no-usage` (a complete answer of four chunks
 * without a usage chunk), `over-reports` (a complete answer whose usage claims 100,000 tokens
 * each way). `GET /models` lists them. Every request is recorded.
 */
export async function failingUpstream() {
  const requests: UpstreamRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const model = typeof body.model === 'string' ? body.model : undefined;
    requests.push({
      path: req.url ?? '',
      model,
      authorization: req.headers.authorization,
      body,
    });
    if (req.method === 'GET' && req.url === '/v1/models') {
      const ids = ['rate-limited', 'broken', 'hang', 'die-after-3', 'stall-after-2', 'no-usage'];
      return json(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model' })) });
    }
    switch (model) {
      case 'rate-limited':
        return json(res, 429, { error: { message: 'slow down', type: 'rate_limit_error' } });
      case 'broken':
        return json(res, 500, { error: { message: 'upstream exploded', type: 'server_error' } });
      case 'unauthorized':
        // Echoes the key it was sent, as careless servers do.
        return json(res, 401, {
          error: { message: `bad key ${req.headers.authorization}`, type: 'authentication_error' },
        });
      case 'bad-request':
        return json(res, 400, { error: { message: 'context too long', type: 'invalid' } });
      case 'hang':
        return; // never answers; the socket is closed when the server closes
      case 'die-after-3':
        await stream(res, body, PIECES.slice(0, 3));
        await wait(20);
        res.destroy();
        return;
      case 'stall-after-2':
        await stream(res, body, PIECES.slice(0, 2));
        return; // silence from here
      case 'no-usage':
        await stream(res, body, PIECES);
        finish(res, body, null);
        return;
      case 'over-reports':
        await stream(res, body, PIECES);
        finish(res, body, { prompt_tokens: 100_000, completion_tokens: 100_000 });
        return;
      default:
        return json(res, 404, { error: { message: `no model ${model}`, type: 'not_found' } });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    url,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function chunk(body: Record<string, unknown>, content: string | null, finishReason?: string) {
  const chat = 'messages' in body;
  return {
    id: 'up-1',
    object: chat ? 'chat.completion.chunk' : 'text_completion',
    created: 1,
    model: body.model,
    choices: [
      chat
        ? {
            index: 0,
            delta: content === null ? {} : { content },
            finish_reason: finishReason ?? null,
          }
        : { index: 0, text: content ?? '', finish_reason: finishReason ?? null },
    ],
  };
}

/** Headers, a role chunk (chat), then one chunk per piece, 5 ms apart. */
async function stream(res: ServerResponse, body: Record<string, unknown>, pieces: string[]) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if ('messages' in body) {
    const role = chunk(body, null);
    (role.choices[0] as { delta: object }).delta = { role: 'assistant', content: '' };
    res.write(`data: ${JSON.stringify(role)}\n\n`);
  }
  for (const piece of pieces) {
    await wait(5);
    // Flushed before the next step: a death after the last piece must not swallow it.
    await new Promise((r) => res.write(`data: ${JSON.stringify(chunk(body, piece))}\n\n`, r));
  }
}

function finish(
  res: ServerResponse,
  body: Record<string, unknown>,
  usage: { prompt_tokens: number; completion_tokens: number } | null,
) {
  res.write(`data: ${JSON.stringify(chunk(body, null, 'stop'))}\n\n`);
  if (usage) {
    const total = usage.prompt_tokens + usage.completion_tokens;
    const last = { ...chunk(body, null), choices: [], usage: { ...usage, total_tokens: total } };
    res.write(`data: ${JSON.stringify(last)}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}
