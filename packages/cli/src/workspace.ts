import { type AppContext, closeContext, createContext, isAppError } from '@qudao/server';
import type { Command } from 'commander';
import { printJson } from './output.ts';

export interface GlobalOptions {
  home?: string;
  json?: boolean;
}

/** The options of the command plus the global ones (`--home`, `--json`). */
export function optionsOf<T>(command: Command): T & GlobalOptions {
  return command.optsWithGlobals() as T & GlobalOptions;
}

/** Opens the workspace, runs `fn`, and closes the workspace again, whatever happens. */
export async function withWorkspace<T>(
  options: GlobalOptions,
  fn: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  const ctx = await createContext(options.home ? { home: options.home } : {});
  try {
    return await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

/** Prints an error the way a user can act on it, then sets a failing exit code. */
export function reportError(error: unknown, json: boolean): void {
  const code = isAppError(error) ? error.code : ((error as { code?: string }).code ?? 'cli.error');
  const message = (error as Error).message ?? String(error);
  if (json) printJson({ error: { code, message } });
  else console.error(`error [${code}]: ${message}`);
  process.exitCode = 1;
}
