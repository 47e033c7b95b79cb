import type { AppContext } from '../context.ts';
import { getServableVersion, type ServableVersion } from '../registry/registry.service.ts';
import type { HostedLanguageModel } from './language-models.ts';
import { servingErrors } from './serving.errors.ts';
import * as store from './serving.store.ts';

/** An active endpoint that serves a language model, with its loaded decoder. */
export interface LanguageModelEndpoint {
  id: string;
  name: string;
  version: ServableVersion;
  createdAt: string;
  hosted: HostedLanguageModel;
}

/**
 * The language model behind endpoint `name` (the gateway's `model`): refused when there is no
 * such endpoint, it is stopped, or it serves another kind of model. Loaded on first use after
 * a restart (deploy loads it too), then shared by every call.
 */
export async function languageModelEndpoint(
  ctx: AppContext,
  name: string,
): Promise<LanguageModelEndpoint> {
  const row = await store.findEndpointByName(ctx.db, name);
  if (!row) throw servingErrors.endpointNotFound(name);
  if (row.status !== 'active') throw servingErrors.endpointStopped(name);
  const version = (await getServableVersion(ctx, row.model_version_id))!;
  if (version.signature.kind !== 'language-model') throw servingErrors.notALanguageModel(name);
  const hosted = await ctx.languageModels.get(version.id, version.artifactPath);
  return { id: row.id, name: row.name, version, createdAt: row.created_at, hosted };
}

/** Active endpoints serving language models: id, name, when made (GET /v1/models). */
export async function listLanguageModelEndpoints(
  ctx: AppContext,
): Promise<{ id: string; name: string; createdAt: string }[]> {
  const found: { id: string; name: string; createdAt: string }[] = [];
  for (const row of await store.listEndpoints(ctx.db)) {
    if (row.status !== 'active') continue;
    const version = await getServableVersion(ctx, row.model_version_id);
    if (version?.signature.kind !== 'language-model') continue;
    found.push({ id: row.id, name: row.name, createdAt: row.created_at });
  }
  return found;
}
