import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import { dataErrors } from './data.errors.ts';

/** The folders file imports may read: `QUDAO_IMPORT_DIRS` (config.ts), resolved. */
export function allowedImportDirs(ctx: AppContext): string[] {
  return ctx.config.importDirs.map((d) => path.resolve(d));
}

const inside = (roots: string[], file: string) =>
  roots.some((root) => file === root || file.startsWith(root + path.sep));

/** File system errors a path given by a user can cause, as sentences (never a 500). */
const PATH_PROBLEMS: Record<string, string> = {
  ENAMETOOLONG: 'it or one of its names is too long for the file system',
  ENOTDIR: 'a part of it is a file, not a folder',
  ELOOP: 'it goes through too many symbolic links',
  EACCES: 'the server may not read it',
  EINVAL: 'it is not a valid path',
};

/**
 * Resolves a path given by a user to its real location (following symbolic links) and refuses
 * it unless it lies inside an allowed folder, so a link cannot lead an import elsewhere. A path
 * outside the folders is refused before the file system is asked, so the answer does not tell
 * whether a file exists there.
 */
export async function resolveImportPath(
  ctx: AppContext,
  file: string,
  kind: 'file' | 'folder' | 'any' = 'file',
): Promise<string> {
  const allowed = allowedImportDirs(ctx);
  const given = path.resolve(file);
  const roots = await Promise.all(allowed.map((d) => realpath(d).catch(() => d)));
  if (!inside(allowed, given) && !inside(roots, given)) throw dataErrors.pathNotAllowed(file);
  let real: string;
  try {
    real = await realpath(given);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') throw dataErrors.fileNotFound(file);
    if (PATH_PROBLEMS[code]) throw dataErrors.badPath(PATH_PROBLEMS[code]!);
    throw error;
  }
  if (!inside(roots, real)) throw dataErrors.pathNotAllowed(file);
  const info = await stat(real);
  if (kind === 'file' && !info.isFile()) throw dataErrors.badFormat(`${file} is not a file`);
  if (kind === 'folder' && !info.isDirectory()) {
    throw dataErrors.badFormat(`${file} is not a folder`);
  }
  return real;
}
