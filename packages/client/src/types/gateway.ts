/** The OpenAI-compatible gateway's wire types, under the names the CLI and console use. */

export type {
  ChatCompletionRequest,
  CompletionRequest,
  UsageView as TokenUsage,
} from '@qudao/server/contract';
