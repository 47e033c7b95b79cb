import type { AppContext } from '../context.ts';
import type { ServableVersion } from '../registry/registry.service.ts';
import { runtimeModelOf } from './runtime/runtime-model.ts';
import { servingErrors } from './serving.errors.ts';

/**
 * Loads a version where it will run: a language model on the main thread's decode engine (the
 * gateway streams from it), any other version on every inference worker. Either way a version
 * that cannot load fails here, before traffic reaches it.
 */
export async function warmVersion(
  ctx: AppContext,
  version: Pick<
    ServableVersion,
    'id' | 'model' | 'version' | 'inputShape' | 'artifactPath' | 'signature'
  >,
): Promise<void> {
  if (version.signature.kind !== 'language-model') {
    await ctx.runtime.warm(runtimeModelOf(version));
    return;
  }
  try {
    await ctx.languageModels.get(version.id, version.artifactPath);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw servingErrors.modelLoadFailed(`${version.model}@${version.version}`, why);
  }
}
