import type { ChatCompletionRequest, CompletionRequest, UsageView } from '@qudao/server/contract';

/** What a finished stream reports: why it ended and its tokens (with their cost when billed). */
export interface StreamedGeneration {
  finishReason: 'stop' | 'length';
  usage: UsageView | null;
}

/** A failure the server reported, in its error body or mid-stream as an error event. */
export class GenerationStreamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GenerationStreamError';
  }
}

interface Chunk {
  choices: { text?: string; delta?: { content?: string }; finish_reason: string | null }[];
  usage?: UsageView | null;
  error?: { code: string; message: string };
}

/**
 * Streams a completion (`prompt`) or a chat completion (`messages`) from the gateway, calling
 * `onText` with each piece of text. Resolves when `[DONE]` arrives; a stream that ends without
 * it (the server failed mid-stream, or the connection broke) rejects, so a cut answer is never
 * taken for a whole one. Uses fetch only, so it runs in browsers and Node.
 */
export async function streamGeneration(
  request: {
    baseUrl: string;
    token?: string;
    /** The console session's CSRF token (x-qudao-csrf). */
    csrf?: string;
    fetch: typeof fetch;
    signal?: AbortSignal;
  },
  body: (CompletionRequest | ChatCompletionRequest) & { stream?: true },
  onText: (text: string) => void,
): Promise<StreamedGeneration> {
  const chat = 'messages' in body;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.csrf) headers['x-qudao-csrf'] = request.csrf;
  const response = await request.fetch(
    `${request.baseUrl}/v1/${chat ? 'chat/completions' : 'completions'}`,
    {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
      signal: request.signal,
    },
  );
  if (!response.ok || !response.body) {
    const text = await response.text();
    let error: Chunk['error'];
    try {
      error = (JSON.parse(text) as Chunk).error;
    } catch {
      error = undefined;
    }
    throw new GenerationStreamError(
      response.status,
      error?.code ?? 'http.error',
      error?.message ?? `HTTP ${response.status}`,
    );
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let finishReason: StreamedGeneration['finishReason'] = 'stop';
  let usage: UsageView | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (!data) continue;
      if (data === '[DONE]') return { finishReason, usage };
      const chunk = JSON.parse(data) as Chunk;
      if (chunk.error) throw new GenerationStreamError(500, chunk.error.code, chunk.error.message);
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      const text = chat ? choice.delta?.content : choice.text;
      if (text) onText(text);
      if (choice.finish_reason) finishReason = choice.finish_reason as typeof finishReason;
    }
  }
  throw new GenerationStreamError(502, 'gateway.stream_cut', 'the stream ended before [DONE]');
}
