import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import { dataErrors } from './data.errors.ts';

/**
 * The folders file imports may read: `QUDAO_IMPORT_DIRS` (separated by the platform's path
 * delimiter), default the current directory and the workspace.
 */
export function allowedImportDirs(ctx: AppContext, env = process.env): string[] {
  const configured = env.QUDAO_IMPORT_DIRS?.split(path.delimiter).filter(Boolean);
  return (configured?.length ? configured : [process.cwd(), ctx.config.home]).map((d) =>
    path.resolve(d),
  );
}

/**
 * Resolves a path given by a user to its real location (following symbolic links) and refuses
 * it unless it lies inside an allowed folder, so a link cannot lead an import elsewhere.
 */
export async function resolveImportPath(
  ctx: AppContext,
  file: string,
  kind: 'file' | 'folder' | 'any' = 'file',
): Promise<string> {
  const allowed = allowedImportDirs(ctx);
  let real: string;
  try {
    real = await realpath(path.resolve(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw dataErrors.fileNotFound(file);
    throw error;
  }
  const roots = await Promise.all(allowed.map((d) => realpath(d).catch(() => d)));
  if (!roots.some((root) => real === root || real.startsWith(root + path.sep))) {
    throw dataErrors.pathNotAllowed(file, allowed);
  }
  const info = await stat(real);
  if (kind === 'file' && !info.isFile()) throw dataErrors.badFormat(`${file} is not a file`);
  if (kind === 'folder' && !info.isDirectory()) {
    throw dataErrors.badFormat(`${file} is not a folder`);
  }
  return real;
}
