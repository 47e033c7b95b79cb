/** The OpenAI-compatible gateway's wire types, under the names the CLI and console use. */

/** Upstream providers (`/api/v1/providers`): OpenAI-compatible services the gateway resells. */
export type {
  ChatCompletionRequest,
  CompletionRequest,
  CreateProviderInput,
  ProviderTestView as ProviderTestResult,
  ProviderView as Provider,
  UpdateProviderInput,
  UsageView as TokenUsage,
} from '@qudao/server/contract';
