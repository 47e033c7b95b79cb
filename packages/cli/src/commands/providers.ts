import {
  AppError,
  createProvider,
  deleteProvider,
  listProviders,
  testProvider,
} from '@qudao/server';
import type { Command } from 'commander';
import { printJson, printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { collect } from './data-import.ts';

type ProviderView = Awaited<ReturnType<typeof listProviders>>[number];

const MODEL_SPEC = /^([^=:@\s]+)(?:=([^:@\s]+))?:(\d+)\/(\d+)(?:@(\d+))?$/;

/**
 * `--model writer=gpt-4o-mini:15/60@1`: the name sold, the provider's name of it (default the
 * same), what 1,000 input / output tokens cost the owner there, and its fallback priority.
 */
export function parseModelSpec(spec: string) {
  const m = MODEL_SPEC.exec(spec.trim());
  if (!m) {
    throw new AppError(
      'cli.bad_model_spec',
      400,
      `--model "${spec}" is not <model>[=<upstream model>]:<input cost>/<output cost>[@<priority>], e.g. writer=gpt-4o-mini:15/60@1`,
    );
  }
  return {
    model: m[1]!,
    upstreamModel: m[2] ?? m[1]!,
    inputCostPer1kMinor: Number(m[3]),
    outputCostPer1kMinor: Number(m[4]),
    priority: m[5] === undefined ? 0 : Number(m[5]),
  };
}

/** The key from `--api-key-env` (preferred: it stays out of the shell history) or `--api-key`. */
function apiKeyOf(opts: { apiKey?: string; apiKeyEnv?: string }): string | null {
  if (opts.apiKeyEnv !== undefined) {
    const value = process.env[opts.apiKeyEnv];
    if (!value) {
      throw new AppError(
        'cli.missing_env',
        400,
        `--api-key-env ${opts.apiKeyEnv}: that environment variable is not set`,
      );
    }
    return value;
  }
  return opts.apiKey ?? null;
}

const modelsOf = (p: ProviderView) =>
  p.models
    .map(
      (m) =>
        `${m.model}=${m.upstreamModel}:${m.inputCostPer1kMinor}/${m.outputCostPer1kMinor}@${m.priority}`,
    )
    .join(' ');

/** `qudao providers add|list|test|remove`: OpenAI-compatible upstreams the gateway resells. */
export function registerProviderCommands(program: Command): void {
  const providers = program
    .command('providers')
    .description('upstream providers: OpenAI-compatible services sold through the gateway at /v1');
  providers
    .command('add <name>')
    .description('register a provider and the models it serves (its secret is stored encrypted)')
    .requiredOption(
      '--base-url <url>',
      'its OpenAI-compatible base URL, e.g. https://api.example.com/v1',
    )
    .requiredOption('--currency <code>', 'the currency of its costs, e.g. USD')
    .option('--api-key-env <var>', 'read its API key from this environment variable')
    .option(
      '--api-key <key>',
      'its API key (prefer --api-key-env: this one lands in the shell history)',
    )
    .option(
      '--timeout-ms <n>',
      'how long it may stay silent before the next provider is tried',
      '30000',
    )
    .option(
      '--model <spec>',
      'a model it serves: <model>[=<upstream model>]:<input cost>/<output cost per 1k tokens>[@<priority>]; repeat for more',
      collect,
    )
    .addHelpText(
      'after',
      '\nExample:\n  OPENAI_KEY=sk-… qudao providers add openai --base-url https://api.openai.com/v1 \\\n    --currency USD --api-key-env OPENAI_KEY --model gpt-4o-mini:15/60 --model fast=gpt-4o-mini:15/60@1',
    )
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf<{
        baseUrl: string;
        currency: string;
        apiKey?: string;
        apiKeyEnv?: string;
        timeoutMs: string;
        model?: string[];
      }>(command);
      const models = (opts.model ?? []).map(parseModelSpec);
      const apiKey = apiKeyOf(opts);
      await withWorkspace(opts, async (ctx) => {
        const provider = await createProvider(ctx, {
          name,
          baseUrl: opts.baseUrl,
          apiKey,
          currency: opts.currency,
          timeoutMs: Number(opts.timeoutMs),
          models,
        });
        printRecord(
          {
            provider: provider.id,
            name: provider.name,
            baseUrl: provider.baseUrl,
            apiKey: provider.apiKey,
            models: modelsOf(provider),
          },
          opts,
          provider,
        );
      });
    });
  providers
    .command('list')
    .description('list providers with their models (keys masked)')
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listProviders(ctx),
          [
            { header: 'NAME', value: (p) => p.name },
            { header: 'BASE URL', value: (p) => p.baseUrl },
            { header: 'KEY', value: (p) => p.apiKey },
            { header: 'TIMEOUT', value: (p) => `${p.timeoutMs} ms` },
            { header: 'MODELS (sold=upstream:in/out@priority)', value: modelsOf },
          ],
          opts,
        ),
      );
    });
  providers
    .command('test <name>')
    .description('call a provider once: GET /models, or with --model a 1-token completion')
    .option('--model <model>', 'a model of its map to complete one token with')
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf<{ model?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const result = await testProvider(ctx, name, opts.model ? { model: opts.model } : {});
        if (opts.json) printJson(result);
        else {
          printRecord(
            {
              provider: result.provider,
              check: result.model ? `${result.check} (${result.model})` : result.check,
              ok: result.ok ? 'yes' : 'no',
              status: result.status,
              latency: `${result.latencyMs} ms`,
              ...(result.models.length > 0 && { models: result.models.join(' ') }),
              ...(result.error && { error: `[${result.error.code}] ${result.error.message}` }),
            },
            opts,
          );
        }
        if (!result.ok) process.exitCode = 1;
      });
    });
  providers
    .command('remove <name>')
    .description('remove a provider; the models it served go on through their other providers')
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        await deleteProvider(ctx, name);
        printRecord({ removed: name }, opts);
      });
    });
}
