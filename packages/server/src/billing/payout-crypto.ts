import type { AppContext } from '../context.ts';
import { secretBox } from '../shared/secret-box.ts';
import { billingErrors } from './billing.errors.ts';

/**
 * Payout details are sealed with `QUDAO_PAYOUT_KEY` (32 bytes, base64 or hex), or the
 * workspace's `payout-key` file (created on first use, mode 0600); the partner id is bound as
 * associated data (shared/secret-box.ts).
 */
function payoutBox(ctx: AppContext) {
  return secretBox({
    configured: ctx.config.payoutKey,
    file: ctx.paths.payoutKey,
    badKey: billingErrors.badPayoutKey,
  });
}

export function encryptDetails(ctx: AppContext, partnerId: string, plain: string) {
  return payoutBox(ctx).seal(partnerId, plain);
}

export function decryptDetails(ctx: AppContext, partnerId: string, sealed: string) {
  return payoutBox(ctx).open(partnerId, sealed);
}
