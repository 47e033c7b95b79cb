import { defineErrors } from '../shared/app-error.ts';

export const gatewayErrors = defineErrors({
  contextExceeded: [
    'gateway.context_exceeded',
    400,
    (promptTokens: number, context: number) =>
      `the prompt is ${promptTokens} tokens; this model reads at most ${context} tokens (prompt and completion together): shorten the prompt or the messages`,
  ],
  emptyPrompt: [
    'gateway.empty_prompt',
    400,
    () => 'the prompt encodes to no tokens: send some text',
  ],
  invalidUtf8: [
    'gateway.invalid_utf8',
    400,
    (where: string) => `${where} is not valid UTF-8 text: send the body as UTF-8 JSON`,
  ],
  generationFailed: [
    'gateway.generation_failed',
    503,
    (why: string) =>
      `the model failed while generating (${why}); nothing was billed, retry the call`,
  ],
});
