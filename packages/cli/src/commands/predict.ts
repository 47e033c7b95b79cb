import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { QudaoClient } from '@qudao/client';
import type { PredictRequest } from '@qudao/server/contract';
import type { Command } from 'commander';
import { percent, printJson, printRecord } from '../output.ts';
import { optionsOf } from '../workspace.ts';

/** `qudao predict <endpoint> <file>`: a call over HTTP, as a customer makes it. */
export function registerPredictCommand(program: Command): void {
  program
    .command('predict <endpoint> <file>')
    .description(
      'call an endpoint over HTTP with a PNG image or a JSON file ({"image": rows} or rows)',
    )
    .requiredOption(
      '--key <key>',
      'the API key of the calling customer (or QUDAO_API_KEY)',
      process.env.QUDAO_API_KEY,
    )
    .option('--url <url>', 'server URL', process.env.QUDAO_URL ?? 'http://127.0.0.1:7070')
    .addHelpText('after', '\nExample:\n  qudao predict mnist digit.png --key qd_…')
    .action(async (endpoint: string, file: string, _opts, command: Command) => {
      const opts = optionsOf<{ key: string; url: string }>(command);
      const client = new QudaoClient({ baseUrl: opts.url, token: opts.key });
      const bytes = await readFile(file);
      const prediction =
        path.extname(file).toLowerCase() === '.json'
          ? await client.serving.predict({ params: { name: endpoint }, body: jsonBody(bytes) })
          : await client.predictPng(endpoint, bytes);
      if (opts.json) {
        printJson(prediction);
        return;
      }
      printRecord(
        {
          label: prediction.label,
          confidence: prediction.probabilities
            ? percent(Math.max(...prediction.probabilities.map((p) => p.probability)))
            : null,
          model: `${prediction.model}@${prediction.version}`,
          latency: `${prediction.latencyMs.toFixed(2)} ms`,
          billed: prediction.billed ? 'yes' : 'no (owner test call)',
        },
        {},
      );
    });
}

/** A JSON file is a request body (`{"image"}`, `{"inputs"}`, `{"text"}`) or bare image rows. */
function jsonBody(bytes: Buffer): PredictRequest {
  const parsed = JSON.parse(bytes.toString('utf8')) as unknown;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    return parsed as PredictRequest;
  }
  return { image: parsed as number[][] };
}
