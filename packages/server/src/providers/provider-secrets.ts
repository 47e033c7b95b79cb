import type { AppContext } from '../context.ts';
import { secretBox } from '../shared/secret-box.ts';
import { providerErrors } from './providers.errors.ts';

/**
 * Providers' API keys are sealed with `QUDAO_PROVIDER_KEY` (32 bytes, base64 or hex), or the
 * workspace's `provider-key` file (created on first use, mode 0600), with the provider's id as
 * associated data (shared/secret-box.ts): a key of its own, apart from the payout key, so
 * neither secret's key opens the other.
 */
function providerBox(ctx: AppContext) {
  return secretBox({
    configured: ctx.config.providerKey,
    file: ctx.paths.providerKey,
    badKey: providerErrors.badProviderKey,
  });
}

export function sealSecret(ctx: AppContext, providerId: string, plain: string) {
  return providerBox(ctx).seal(providerId, plain);
}

export function openSecret(ctx: AppContext, providerId: string, sealed: string) {
  return providerBox(ctx).open(providerId, sealed);
}
