import { api } from '@qudao/server/contract';
import { type ApiClient, bindApi } from './contract-client.ts';
import { type StreamedGeneration, streamGeneration } from './generation-stream.ts';
import type {
  ApiErrorBody,
  DatasetVersion,
  Prediction,
  TrainingJobEvent,
  UploadDatasetOptions,
} from './types.ts';

/** An error answered by the API, with its stable code. */
export class QudaoApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'QudaoApiError';
  }
}

export interface ClientOptions {
  /** Base URL of the server, e.g. `http://localhost:7070`; '' for same-origin (the console). */
  baseUrl: string;
  /** Owner token or a customer API key, sent as `Authorization: Bearer …`. */
  token?: string;
  /**
   * The console session's CSRF token, sent as `x-qudao-csrf` (the console signs in with an
   * httpOnly session cookie instead of a token: same-origin fetch sends the cookie).
   */
  csrf?: string;
  fetch?: typeof fetch;
}

/** One method per API route, grouped by domain (`client.deals.list()`), from the wire contract. */
export interface QudaoClient extends ApiClient {}

/** Typed client of the Qudao REST API. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor assigns every ApiClient member (bindApi)
export class QudaoClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    Object.assign(
      this,
      bindApi(api, (method, path, body, produces, contentType) =>
        this.request(method, path, body, contentType, produces),
      ),
    );
  }

  withToken(token: string): QudaoClient {
    return new QudaoClient({ ...this.options, token });
  }

  /**
   * The same client over another transport, e.g. the console's XMLHttpRequest-backed fetch that
   * reports upload progress (fetch itself cannot); auth and error mapping stay the client's.
   */
  withFetch(fetchImpl: typeof fetch): QudaoClient {
    return new QudaoClient({ ...this.options, fetch: fetchImpl });
  }

  /**
   * Uploads one file (CSV, TSV, JSONL, `.gz`, or a `.zip` of a table or of class folders) and
   * imports it as the next version of dataset `name`. Larger than the server's
   * `QUDAO_MAX_UPLOAD_BYTES`: `request.too_large` (413).
   */
  uploadDataset(
    name: string,
    file: Uint8Array | Blob,
    fileName: string,
    options: UploadDatasetOptions = {},
  ): Promise<DatasetVersion> {
    const form = new FormData();
    // Options first: the server reads the fields sent before the file.
    form.append('options', JSON.stringify(options));
    form.append(
      'file',
      file instanceof Blob ? file : new Blob([file as Uint8Array<ArrayBuffer>]),
      fileName,
    );
    return this.request('POST', `/api/v1/datasets/${encodeURIComponent(name)}/upload`, form);
  }

  /**
   * Follows a training job's server-sent events until it finishes or `signal` aborts; uses
   * fetch (not EventSource) so the bearer token goes in a header.
   */
  async followTrainingJob(
    id: string,
    onEvent: (event: TrainingJobEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...this.authHeaders() };
    const response = await this.fetchImpl(
      `${this.baseUrl}/api/v1/training/jobs/${encodeURIComponent(id)}/events`,
      { headers, signal },
    );
    if (!response.ok || !response.body) {
      const text = await response.text();
      const err = (text ? (parseJson(text, response.status) as ApiErrorBody) : undefined)?.error;
      throw new QudaoApiError(
        response.status,
        err?.code ?? 'http.error',
        err?.message ?? `HTTP ${response.status}`,
        err?.details,
      );
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'error' && data) {
          // The server ends the stream with an error event when it cannot go on (see events).
          const err = (JSON.parse(data) as ApiErrorBody).error;
          throw new QudaoApiError(500, err.code, err.message, err.details);
        }
        if (event && data) onEvent({ event, data: JSON.parse(data) } as TrainingJobEvent);
        end = buffer.indexOf('\n\n');
      }
    }
  }

  /**
   * Streams a completion or chat completion from the OpenAI-compatible gateway (`/v1`), text
   * piece by piece to `onText`; resolves with the finish reason and the usage (tokens, cost).
   */
  streamGeneration(
    body: Parameters<typeof streamGeneration>[1],
    onText: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<StreamedGeneration> {
    return streamGeneration(
      {
        baseUrl: this.baseUrl,
        token: this.options.token,
        csrf: this.options.csrf,
        fetch: this.fetchImpl,
        signal,
      },
      body,
      onText,
    );
  }

  /** Predicts from PNG bytes (an image endpoint; the PNG's size is the model's input size). */
  predictPng(endpoint: string, png: Uint8Array): Promise<Prediction> {
    return this.serving.predict({ params: { name: endpoint }, body: png });
  }

  /** The bearer token, or the console session's CSRF token (the cookie goes by itself). */
  private authHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (this.options.csrf) headers['x-qudao-csrf'] = this.options.csrf;
    return headers;
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    produces?: string,
  ): Promise<T> {
    const headers = this.authHeaders();
    let payload: RequestInit['body'];
    if (body instanceof FormData) {
      payload = body; // fetch sets the multipart content type with its boundary
    } else if (body instanceof Blob) {
      headers['content-type'] = contentType;
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = contentType;
      payload =
        body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body);
    }
    const response = await this.fetchImpl(this.baseUrl + path, { method, headers, body: payload });
    // A file (a model bundle): its bytes, untouched by text decoding.
    if (response.ok && produces && !produces.startsWith('text/')) {
      return new Uint8Array(await response.arrayBuffer()) as T;
    }
    const text = await response.text();
    if (response.ok && produces) return text as T;
    const parsed: unknown = text ? parseJson(text, response.status) : undefined;
    if (!response.ok) {
      const err = (parsed as ApiErrorBody | undefined)?.error;
      throw new QudaoApiError(
        response.status,
        err?.code ?? 'http.error',
        err?.message ?? `HTTP ${response.status}`,
        err?.details,
      );
    }
    return parsed as T;
  }
}

function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new QudaoApiError(status, 'http.not_json', `HTTP ${status}: the reply is not JSON`);
  }
}
