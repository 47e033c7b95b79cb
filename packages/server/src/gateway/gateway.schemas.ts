import { z } from 'zod';
import { route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

// OpenAI's wire format (https://platform.openai.com/docs/api-reference), field names and all,
// so the official clients work unchanged. Requests are not strict: fields a client sends that
// Qudao does not act on (presence_penalty, logprobs: false, …) are ignored, as OpenAI's
// compatible servers do; what Qudao does act on is checked.

/** The most messages one chat call may carry, and characters a message or prompt may hold. */
export const MAX_MESSAGES = 256;
export const MAX_TEXT_CHARS = 200_000;
/** The most tokens one call may ask for (the context bounds it further). */
export const MAX_COMPLETION_TOKENS = 4096;

const Text = z.string().max(MAX_TEXT_CHARS, `at most ${MAX_TEXT_CHARS} characters`);

export const CHAT_ROLES = ['system', 'developer', 'user', 'assistant'] as const;

export const ChatMessageSchema = z.object({
  role: z.enum(CHAT_ROLES, { error: `role must be one of ${CHAT_ROLES.join(', ')}` }),
  /** A string, or OpenAI's list of text parts (other part types are refused). */
  content: z.union([Text, z.array(z.object({ type: z.literal('text'), text: Text })).max(64)]),
  name: z.string().max(64).optional(),
});

const Sampling = {
  /** Defaults to what fits: 256 tokens, or the context left after the prompt. */
  max_tokens: z.number().int().min(1).max(MAX_COMPLETION_TOKENS).nullish(),
  max_completion_tokens: z.number().int().min(1).max(MAX_COMPLETION_TOKENS).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  /** Not OpenAI's: keep the k most likely tokens (0: all). */
  top_k: z.number().int().min(0).max(100_000).nullish(),
  stop: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(4)]).nullish(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .nullish(),
  /** One choice per call. */
  n: z.literal(1, { error: 'n must be 1: one choice per call' }).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  user: z.string().max(256).optional(),
};

export const ChatCompletionRequestSchema = z
  .object({
    model: z.string().min(1).max(128),
    messages: z
      .array(ChatMessageSchema)
      .min(1, 'give at least one message')
      .max(MAX_MESSAGES, `at most ${MAX_MESSAGES} messages a call`),
    ...Sampling,
  })
  .meta({ id: 'ChatCompletionRequest' });

export const CompletionRequestSchema = z
  .object({
    model: z.string().min(1).max(128),
    /** One prompt (a list holding one prompt is taken too). */
    prompt: z.union([Text, z.array(Text).length(1, 'send one prompt a call')]),
    ...Sampling,
  })
  .meta({ id: 'CompletionRequest' });

export const EmbeddingRequestSchema = z
  .object({
    model: z.string().min(1).max(128),
    input: z.union([Text, z.array(Text).min(1).max(256, 'at most 256 inputs a call')]),
    /** The official client asks for base64 (little-endian float32) unless told otherwise. */
    encoding_format: z.enum(['float', 'base64']).optional(),
    user: z.string().max(256).optional(),
  })
  .meta({ id: 'EmbeddingRequest' });

export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
export type CompletionRequest = z.infer<typeof CompletionRequestSchema>;
export type EmbeddingRequest = z.infer<typeof EmbeddingRequestSchema>;

const int = z.number().int();

/** Token counts, and (Qudao's) what the call cost the caller in its plan's minor units. */
export const UsageSchema = z
  .object({
    prompt_tokens: int,
    completion_tokens: int,
    total_tokens: int,
    /** Minor units of `currency` billed for the call; 0 when not billed (the owner). */
    cost_minor: z.number().optional(),
    currency: z.string().optional(),
  })
  .meta({ id: 'Usage' });

export const FINISH_REASONS = ['stop', 'length'] as const;

export const ChatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: int,
    model: z.string(),
    choices: z.array(
      z.object({
        index: int,
        message: z.object({ role: z.literal('assistant'), content: z.string() }),
        logprobs: z.null(),
        finish_reason: z.enum(FINISH_REASONS),
      }),
    ),
    usage: UsageSchema,
  })
  .meta({ id: 'ChatCompletion' });

export const ChatCompletionChunkSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created: int,
    model: z.string(),
    choices: z.array(
      z.object({
        index: int,
        delta: z.object({
          role: z.literal('assistant').optional(),
          content: z.string().optional(),
        }),
        logprobs: z.null(),
        finish_reason: z.enum(FINISH_REASONS).nullable(),
      }),
    ),
    /** Only with `stream_options.include_usage`: null on every chunk but the last. */
    usage: UsageSchema.nullable().optional(),
  })
  .meta({ id: 'ChatCompletionChunk' });

export const CompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('text_completion'),
    created: int,
    model: z.string(),
    choices: z.array(
      z.object({
        index: int,
        text: z.string(),
        logprobs: z.null(),
        finish_reason: z.enum(FINISH_REASONS).nullable(),
      }),
    ),
    usage: UsageSchema.nullable().optional(),
  })
  .meta({ id: 'Completion' });

export const EmbeddingListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        object: z.literal('embedding'),
        index: int,
        embedding: z.union([z.array(z.number()), z.string()]),
      }),
    ),
    model: z.string(),
    usage: z.object({ prompt_tokens: int, total_tokens: int }),
  })
  .meta({ id: 'EmbeddingList' });

export const ModelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({ id: z.string(), object: z.literal('model'), created: int, owned_by: z.string() }),
    ),
  })
  .meta({ id: 'ModelList' });

/** OpenAI's error body; `code` holds Qudao's stable code (`<domain>.<reason>`). */
export const OpenAiErrorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable(),
      code: z.string(),
    }),
  })
  .meta({ id: 'OpenAiError' });

export type ChatCompletionView = z.infer<typeof ChatCompletionSchema>;
export type ChatCompletionChunkView = z.infer<typeof ChatCompletionChunkSchema>;
export type CompletionView = z.infer<typeof CompletionSchema>;
export type EmbeddingListView = z.infer<typeof EmbeddingListSchema>;
export type ModelListView = z.infer<typeof ModelListSchema>;
export type UsageView = z.infer<typeof UsageSchema>;

const STREAMING =
  'With `"stream": true` the answer is server-sent events (`text/event-stream`): one chunk per piece of text, then `data: [DONE]`; with `stream_options.include_usage` a last chunk carries `usage`. An error after the stream began is sent as a `data: {"error": …}` event and the stream ends without `[DONE]`.';

export const gatewayContract = {
  chatCompletions: route({
    method: 'POST',
    path: '/v1/chat/completions',
    summary: 'Chat completion on a language-model endpoint (OpenAI-compatible)',
    description: STREAMING,
    access: ACCESS.ownerOrCustomer,
    body: ChatCompletionRequestSchema,
    response: ChatCompletionSchema,
  }),
  completions: route({
    method: 'POST',
    path: '/v1/completions',
    summary: 'Text completion on a language-model endpoint (OpenAI-compatible)',
    description: STREAMING,
    access: ACCESS.ownerOrCustomer,
    body: CompletionRequestSchema,
    response: CompletionSchema,
  }),
  embeddings: route({
    method: 'POST',
    path: '/v1/embeddings',
    summary: "Embeddings: the mean of a language model's last hidden states (OpenAI-compatible)",
    access: ACCESS.ownerOrCustomer,
    body: EmbeddingRequestSchema,
    response: EmbeddingListSchema,
  }),
  listModels: route({
    method: 'GET',
    path: '/v1/models',
    summary: 'The language-model endpoints this key may call (OpenAI-compatible)',
    access: ACCESS.ownerOrCustomer,
    response: ModelListSchema,
  }),
};
