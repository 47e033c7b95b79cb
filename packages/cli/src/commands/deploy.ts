import { deploy } from '@qudao/server';
import type { Command } from 'commander';
import { printRecord } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao deploy <model@version|model@alias> --name <endpoint>`. */
export function registerDeployCommand(program: Command): void {
  program
    .command('deploy <model@version-or-alias>')
    .description(
      'serve a model version, or whatever version an alias points at, as a named HTTP endpoint',
    )
    .requiredOption('--name <endpoint>', 'endpoint name, used in /api/v1/endpoints/<name>/predict')
    .addHelpText(
      'after',
      '\nExamples:\n  qudao deploy mnist-cnn@1 --name mnist\n  qudao deploy mnist-cnn@production --name mnist   # follows the alias',
    )
    .action(async (ref: string, _opts, command: Command) => {
      const opts = optionsOf<{ name: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const [model = '', target = ''] = ref.split('@');
        const serves = /^\d+$/.test(target) ? { version: Number(target) } : { alias: target };
        const endpoint = await deploy(ctx, { name: opts.name, model, ...serves }, 'owner');
        printRecord(
          {
            endpoint: endpoint.name,
            serves: `${endpoint.model}@${endpoint.version}`,
            alias: endpoint.traffic.alias,
            input: endpoint.inputShape.join('x'),
            predict: `POST /api/v1/endpoints/${endpoint.name}/predict`,
          },
          opts,
          endpoint,
        );
      });
    });
}
