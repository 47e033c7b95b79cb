import { QudaoClient } from '@qudao/client';
import type { Command } from 'commander';
import { printJson } from '../output.ts';
import { optionsOf } from '../workspace.ts';

interface GenerateOptions {
  key: string;
  url: string;
  maxTokens: string;
  temperature?: string;
  seed?: string;
  stop?: string[];
  chat?: boolean;
}

/**
 * `qudao generate <endpoint> "prompt"`: streams a completion from a language-model endpoint
 * over the OpenAI-compatible API (`/v1`), as a customer calls it, text to stdout as it comes;
 * the tokens and cost go to stderr (or the whole answer as one JSON line with --json).
 */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate <endpoint> <prompt>')
    .description('stream text from a language-model endpoint (a GPT) over /v1')
    .requiredOption(
      '--key <key>',
      'the API key of the calling customer, or the owner token (or QUDAO_API_KEY)',
      process.env.QUDAO_API_KEY,
    )
    .option('--url <url>', 'server URL', process.env.QUDAO_URL ?? 'http://127.0.0.1:7070')
    .option('--max-tokens <n>', 'tokens to generate at most', '128')
    .option('--temperature <t>', 'sampling temperature, 0 (greedy) to 2')
    .option('--seed <n>', 'sampler seed: the same seed gives the same text')
    .option('--stop <text...>', 'stop before any of these strings')
    .option('--chat', 'send the prompt as a user message to /v1/chat/completions')
    .addHelpText(
      'after',
      '\nExample:\n  qudao generate writer "Call me Ishmael." --max-tokens 64 --key qd_…',
    )
    .action(async (endpoint: string, prompt: string, _opts, command: Command) => {
      const opts = optionsOf<GenerateOptions>(command);
      const client = new QudaoClient({ baseUrl: opts.url, token: opts.key });
      const settings = {
        model: endpoint,
        max_tokens: Number(opts.maxTokens),
        ...(opts.temperature !== undefined && { temperature: Number(opts.temperature) }),
        ...(opts.seed !== undefined && { seed: Number(opts.seed) }),
        ...(opts.stop && { stop: opts.stop }),
      };
      const body = opts.chat
        ? { ...settings, messages: [{ role: 'user' as const, content: prompt }] }
        : { ...settings, prompt };
      let text = '';
      const done = await client.streamGeneration(body, (piece) => {
        text += piece;
        if (!opts.json) process.stdout.write(piece);
      });
      if (opts.json) {
        printJson({ text, finishReason: done.finishReason, usage: done.usage });
        return;
      }
      process.stdout.write('\n');
      const u = done.usage;
      if (u) {
        const cost =
          u.cost_minor === undefined ? '' : `, ${u.cost_minor} ${u.currency} minor units`;
        console.error(
          `[${done.finishReason}: ${u.prompt_tokens} prompt + ${u.completion_tokens} completion tokens${cost}]`,
        );
      }
    });
}
