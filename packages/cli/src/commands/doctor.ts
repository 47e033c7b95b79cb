import type { Command } from 'commander';
import { printRecord } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao doctor`: the ML backend and the workspace. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('show which ML backend runs and why, and where the workspace is')
    .action(async (_opts, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        printRecord(
          {
            backend: ctx.backend.name,
            why: ctx.backend.reasons.join('; '),
            workspace: ctx.config.home,
            node: process.version,
            cpus: (await import('node:os')).cpus().length,
          },
          opts,
          { backend: ctx.backend, workspace: ctx.config.home },
        );
      });
    });
}
