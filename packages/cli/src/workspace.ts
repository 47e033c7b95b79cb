import { type AppContext, AppError, closeContext, createContext, isAppError } from '@qudao/server';
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
  } catch (error) {
    // The server names only the setting (an HTTP caller may be anywhere); the CLI runs on the
    // workspace's own machine, so it shows which folders that setting allows.
    if (isAppError(error) && error.code === 'data.path_not_allowed') {
      throw new AppError(
        error.code,
        error.status,
        `${error.message} (here: ${ctx.config.importDirs.join(', ')})`,
      );
    }
    throw error;
  } finally {
    await closeContext(ctx);
  }
}

/** Prints an error the way a user can act on it, then sets a failing exit code. */
export function reportError(error: unknown, json: boolean): void {
  const errno = error as NodeJS.ErrnoException;
  let code = isAppError(error) ? error.code : (errno.code ?? 'cli.error');
  let message = errno.message ?? String(error);
  const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
  if (errno.code === 'ENOENT' && errno.path) {
    code = 'cli.file_not_found';
    message = `no such file: ${errno.path}`;
  } else if (error instanceof TypeError && message === 'fetch failed') {
    code = 'cli.server_unreachable';
    message = `no Qudao server answers at that URL (${cause?.code ?? 'network error'}); start one with \`qudao serve\` or pass --url`;
  } else if (error instanceof Error && !isAppError(error) && !errno.code) {
    code = 'cli.error';
  }
  if (json) printJson({ error: { code, message } });
  else console.error(`error [${code}]: ${message}`);
  process.exitCode = 1;
}
