import { deploy, parseModelRef } from '@qudao/server';
import type { Command } from 'commander';
import { printRecord } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao deploy <model@version> --name <endpoint>`. */
export function registerDeployCommand(program: Command): void {
  program
    .command('deploy <model@version>')
    .description(
      'serve a model version as a named HTTP endpoint (re-deploying a name switches its version)',
    )
    .requiredOption('--name <endpoint>', 'endpoint name, used in /api/v1/endpoints/<name>/predict')
    .addHelpText('after', '\nExample:\n  qudao deploy mnist-cnn@1 --name mnist')
    .action(async (ref: string, _opts, command: Command) => {
      const opts = optionsOf<{ name: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const { model, version } = parseModelRef(ref);
        const endpoint = await deploy(ctx, { name: opts.name, model, version });
        printRecord(
          {
            endpoint: endpoint.name,
            serves: `${endpoint.model}@${endpoint.version}`,
            input: endpoint.inputShape.join('x'),
            predict: `POST /api/v1/endpoints/${endpoint.name}/predict`,
          },
          opts,
          endpoint,
        );
      });
    });
}
