import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { actorOf } from '../shared/actor.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { channelErrors } from './channels.errors.ts';
import { recordEvent } from './partner-events.service.ts';
import {
  type CreateReferralCodeInput,
  CreateReferralCodeSchema,
  type ReferralCodeView,
  type ReferralSettings,
  ReferralSettingsSchema,
  type ReferralTouchInput,
  ReferralTouchSchema,
} from './referrals.schemas.ts';
import * as store from './referrals.store.ts';

const DAY = 86_400_000;
const SETTINGS_KEY = 'attribution';
const DEFAULT_SETTINGS: ReferralSettings = { windowDays: 30, rule: 'last_touch' };

export async function referralSettings(ctx: AppContext): Promise<ReferralSettings> {
  const row = await store.getSetting(ctx.db, SETTINGS_KEY);
  return row ? ReferralSettingsSchema.parse(JSON.parse(row.value_json)) : DEFAULT_SETTINGS;
}

/** The owner's choice: how many days a touch counts, and whether the first or last one wins. */
export async function setReferralSettings(
  ctx: AppContext,
  input: ReferralSettings,
  viewer: Principal = OWNER,
): Promise<ReferralSettings> {
  const data = parseInput(ReferralSettingsSchema, input, 'referral settings');
  await store.putSetting(ctx.db, {
    key: SETTINGS_KEY,
    value_json: JSON.stringify(data),
    updated_at: ctx.clock.now().toISOString(),
  });
  await recordEvent(ctx, {
    partnerId: null,
    subjectType: 'settings',
    subjectId: SETTINGS_KEY,
    action: 'settings_changed',
    actor: actorOf(viewer),
    details: data,
  });
  return data;
}

/** A referral code (and link) for the partner; the partner itself, or staff. */
export async function createReferralCode(
  ctx: AppContext,
  partnerId: string,
  input: CreateReferralCodeInput,
  viewer: Principal = OWNER,
  partnerName = 'REF',
): Promise<ReferralCodeView> {
  const data = parseInput(CreateReferralCodeSchema, input, 'referral code');
  const prefix =
    partnerName
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 8)
      .toUpperCase() || 'REF';
  const code = data.code ?? `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`;
  if (await store.findCode(ctx.db, code)) throw channelErrors.referralCodeTaken(code);
  const row = {
    code,
    partner_id: partnerId,
    created_at: ctx.clock.now().toISOString(),
    revoked_at: null,
  };
  await store.insertCode(ctx.db, row);
  await recordEvent(ctx, {
    partnerId,
    subjectType: 'referral_code',
    subjectId: code,
    action: 'referral_code_created',
    actor: actorOf(viewer),
  });
  return codeView(row);
}

export async function listReferralCodes(
  ctx: AppContext,
  partnerId: string,
): Promise<ReferralCodeView[]> {
  return (await store.listCodes(ctx.db, partnerId)).map(codeView);
}

/** A visit through a referral link: remembered under the visitor's id, on the clock. */
export async function recordTouch(ctx: AppContext, input: ReferralTouchInput) {
  const data = parseInput(ReferralTouchSchema, input, 'referral touch');
  const code = await store.findCode(ctx.db, data.code);
  if (!code || code.revoked_at) throw channelErrors.referralCodeNotFound(data.code);
  const at = ctx.clock.now().toISOString();
  await store.insertTouch(ctx.db, {
    id: newId('tch'),
    code: code.code,
    partner_id: code.partner_id,
    visitor: data.visitor,
    at,
  });
  return { code: code.code, at };
}

export interface Attribution {
  partnerId: string;
  code: string;
  touchId: string | null;
  rule: 'first_touch' | 'last_touch' | 'code';
}

/**
 * The partner a sign-up belongs to: among the visitor's touches within the window (and the code
 * given at sign-up, a touch now), the first or the last as the owner chose. Null: no touch.
 */
export async function resolveAttribution(
  ctx: AppContext,
  referral: { code?: string | undefined; visitor?: string | undefined },
): Promise<Attribution | null> {
  const settings = await referralSettings(ctx);
  const now = ctx.clock.now();
  const candidates: { partnerId: string; code: string; touchId: string | null; at: string }[] = [];
  if (referral.visitor) {
    const since = new Date(now.getTime() - settings.windowDays * DAY).toISOString();
    for (const t of await store.touchesOf(ctx.db, referral.visitor, since, now.toISOString())) {
      candidates.push({ partnerId: t.partner_id, code: t.code, touchId: t.id, at: t.at });
    }
  }
  if (referral.code) {
    const code = await store.findCode(ctx.db, referral.code.toUpperCase());
    if (!code || code.revoked_at) throw channelErrors.referralCodeNotFound(referral.code);
    candidates.push({
      partnerId: code.partner_id,
      code: code.code,
      touchId: null,
      at: now.toISOString(),
    });
  }
  const chosen = settings.rule === 'first_touch' ? candidates[0] : candidates.at(-1);
  if (!chosen) return null;
  const rule = candidates.length === 1 && !chosen.touchId ? 'code' : settings.rule;
  return { partnerId: chosen.partnerId, code: chosen.code, touchId: chosen.touchId, rule };
}

/** Writes which code and touch made the customer the partner's (with an audit entry). */
export async function saveAttribution(
  ctx: AppContext,
  customerId: string,
  attribution: Attribution,
  actor: string,
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await store.insertAttribution(ctx.db, {
    customer_id: customerId,
    partner_id: attribution.partnerId,
    code: attribution.code,
    touch_id: attribution.touchId,
    rule: attribution.rule,
    at,
  });
  await recordEvent(ctx, {
    partnerId: attribution.partnerId,
    subjectType: 'customer',
    subjectId: customerId,
    action: 'customer_attributed',
    actor,
    details: { code: attribution.code, rule: attribution.rule },
    at,
  });
}

function codeView(row: { code: string; partner_id: string; created_at: string }) {
  return {
    code: row.code,
    partnerId: row.partner_id,
    link: `/signup?ref=${encodeURIComponent(row.code)}`,
    createdAt: row.created_at,
  };
}
