import { getTemplate, templateNames } from '@qudao/ml';
import type { Command } from 'commander';
import { printJson } from '../output.ts';
import { optionsOf } from '../workspace.ts';

/** `qudao templates`: the model templates and their options. */
export function registerTemplatesCommand(program: Command): void {
  program
    .command('templates')
    .description('model templates with the data they train on and their options')
    .action((_o, command: Command) => {
      const opts = optionsOf(command);
      const all = templateNames().map((name) => getTemplate(name)!);
      if (opts.json) return printJson(all.map(({ build, create, accepts, ...t }) => t));
      for (const t of all) {
        console.log(
          `${t.name}  (${t.kinds.join(', ')}; ${t.tasks.join(', ')})\n  ${t.description}`,
        );
        for (const [name, o] of Object.entries(t.options)) {
          console.log(
            `    ${name}: ${o.doc} (${o.type}${o.default !== undefined ? `, default ${JSON.stringify(o.default)}` : ''})`,
          );
        }
      }
    });
}
