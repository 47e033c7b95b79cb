/**
 * The HTTP side of an upstream provider: OpenAI-compatible calls over fetch, with the provider's
 * timeout as an idle limit (until the answer begins, then between reads) and server-sent events
 * read one JSON event at a time. Failures are `UpstreamError`s that say whether another provider
 * may be tried instead (429, 5xx, 408, no connection, a timeout, an answer that is not one).
 */

/** Where and how to call one provider. */
export interface UpstreamTarget {
  name: string;
  baseUrl: string;
  apiKey: string | null;
  timeoutMs: number;
}

export type UpstreamFailure =
  | 'connect'
  | 'timeout'
  | 'status'
  | 'malformed'
  | 'cut'
  | 'error_event'
  | 'cancelled';

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamFailure,
    /** The provider's HTTP status (status failures). */
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }

  /** Whether the next provider may be tried (nothing of this answer reached the caller). */
  get retryable(): boolean {
    if (this.kind === 'cancelled') return false;
    if (this.kind !== 'status') return true;
    const s = this.status ?? 0;
    return s === 408 || s === 429 || s >= 500;
  }
}

/** The longest SSE event or error body read from a provider. */
const MAX_EVENT_BYTES = 1 << 20;

function headersOf(target: UpstreamTarget, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept, 'content-type': 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return headers;
}

/** An idle timer over a fetch: armed before each wait, its abort is told apart from the caller's. */
class Idle {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  readonly signal: AbortSignal;

  constructor(
    private readonly ms: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
  }

  arm() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
  }

  stop() {
    clearTimeout(this.timer);
  }

  /** What an error thrown while waiting means (`reading`: the connection broke mid-answer). */
  failure(error: unknown, what: string, reading = false): UpstreamError {
    this.stop();
    if (error instanceof UpstreamError) return error;
    if (this.outer?.aborted) return new UpstreamError('cancelled', null, 'the caller went away');
    if (this.controller.signal.aborted) {
      return new UpstreamError('timeout', null, `no answer within ${this.ms} ms ${what}`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
    if (reading) return new UpstreamError('cut', null, `the connection broke ${what} (${why})`);
    return new UpstreamError('connect', null, `connection failed (${why})`);
  }
}

/**
 * The message of an error answer: OpenAI's `error.message`, or the start of the body, without
 * the provider's key should the provider echo it (the message may reach the caller).
 */
function messageOf(text: string, target: UpstreamTarget): string {
  return firstMessage(target.apiKey ? text.split(target.apiKey).join('[redacted]') : text);
}

function firstMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string };
    const message = typeof body.error === 'string' ? body.error : body.error?.message;
    if (typeof message === 'string' && message) return message.slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300) || 'no body';
}

async function request(
  target: UpstreamTarget,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  accept: string,
  idle: Idle,
): Promise<Response> {
  idle.arm();
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${path}`, {
      method,
      headers: headersOf(target, accept),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: idle.signal,
      redirect: 'error',
    });
  } catch (error) {
    throw idle.failure(error, 'before the answer began');
  }
  if (!response.ok) {
    let text = '';
    try {
      text = (await response.text()).slice(0, MAX_EVENT_BYTES);
    } catch {
      // the status says enough
    }
    idle.stop();
    throw new UpstreamError(
      'status',
      response.status,
      `HTTP ${response.status}: ${messageOf(text, target)}`,
    );
  }
  return response;
}

/** GET `path` (or POST `body` to it) as JSON, within the timeout: `/models`, `/embeddings`. */
export async function getJson(
  target: UpstreamTarget,
  path: string,
  signal?: AbortSignal,
  body?: unknown,
): Promise<unknown> {
  const idle = new Idle(target.timeoutMs, signal);
  const method = body === undefined ? 'GET' : 'POST';
  const response = await request(target, method, path, body, 'application/json', idle);
  try {
    const value = await response.json();
    idle.stop();
    return value;
  } catch (error) {
    // A body that does not parse is not an answer; a broken or silent one is what it is.
    if (error instanceof SyntaxError) {
      idle.stop();
      throw new UpstreamError('malformed', response.status, 'the answer is not JSON');
    }
    throw idle.failure(error, 'while reading the answer', true);
  }
}

/** One provider's answer as server-sent events: `next()` gives each event, null after `[DONE]`. */
export interface UpstreamStream {
  next(): Promise<Record<string, unknown> | null>;
  /** Stops reading (the caller went away, or the answer is no longer wanted). */
  close(): void;
}

/**
 * POSTs `body` to `path` asking for server-sent events and reads them. An answer that ends
 * without `data: [DONE]`, an `error` event, a silence longer than the timeout or a chunk that is
 * not JSON is an `UpstreamError`: an answer is complete only when the provider says so.
 */
export async function openStream(
  target: UpstreamTarget,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<UpstreamStream> {
  const idle = new Idle(target.timeoutMs, signal);
  const response = await request(target, 'POST', path, body, 'text/event-stream', idle);
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream') || !response.body) {
    idle.stop();
    await response.body?.cancel().catch(() => undefined);
    throw new UpstreamError(
      'malformed',
      response.status,
      `the answer is ${type || 'untyped'}, not an event stream`,
    );
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let done = false;
  const events: string[] = [];

  const fill = async () => {
    while (events.length === 0) {
      idle.arm();
      let read: Awaited<ReturnType<typeof reader.read>>;
      try {
        read = await reader.read();
      } catch (error) {
        throw idle.failure(error, 'between two chunks', true);
      }
      idle.stop();
      if (read.done) throw new UpstreamError('cut', null, 'the answer ended before [DONE]');
      buffer += decoder.decode(read.value, { stream: true });
      const blocks = buffer.split(/\r?\n\r?\n/);
      buffer = blocks.pop()!;
      if (buffer.length > MAX_EVENT_BYTES) {
        throw new UpstreamError('malformed', null, 'an event is longer than 1 MiB');
      }
      for (const block of blocks) {
        const data = block
          .split(/\r?\n/)
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''));
        if (data.length > 0) events.push(data.join('\n'));
      }
    }
  };

  return {
    async next() {
      if (done) return null;
      await fill();
      const data = events.shift()!;
      if (data.trim() === '[DONE]') {
        done = true;
        idle.stop();
        reader.cancel().catch(() => undefined);
        return null;
      }
      let event: unknown;
      try {
        event = JSON.parse(data);
      } catch {
        throw new UpstreamError('malformed', null, 'an event is not JSON');
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) {
        throw new UpstreamError('malformed', null, 'an event is not a JSON object');
      }
      const error = (event as { error?: unknown }).error;
      if (error !== undefined && error !== null) {
        throw new UpstreamError('error_event', null, `error event: ${messageOf(data, target)}`);
      }
      return event as Record<string, unknown>;
    },
    close() {
      done = true;
      idle.stop();
      reader.cancel().catch(() => undefined);
    },
  };
}
