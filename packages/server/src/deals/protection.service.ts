import { recordEvent } from '../channels/partner-events.service.ts';
import type { AppContext } from '../context.ts';
import type { DealTable } from '../db/schema.ts';
import { actorOf } from '../shared/actor.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeePartner } from '../shared/tenancy.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import {
  type ExtensionRequestInput,
  ExtensionRequestSchema,
  type ProtectionOverrideInput,
  ProtectionOverrideSchema,
  type ProtectionSettings,
  ProtectionSettingsSchema,
  type SweepView,
} from './deal-protection.schemas.ts';
import { dealErrors, protectionErrors } from './deals.errors.ts';
import type { DealView } from './deals.schemas.ts';
import * as store from './deals.store.ts';
import { dealView, protectionExpired } from './deals.views.ts';

const DAY = 86_400_000;
const KEY = 'protection';
const DEFAULTS: ProtectionSettings = {
  windows: { registered: null, silver: null, gold: null, platinum: null },
  reminderDays: 14,
};

export async function protectionSettings(ctx: AppContext): Promise<ProtectionSettings> {
  const row = await store.getSetting(ctx.db, KEY);
  return row ? ProtectionSettingsSchema.parse(JSON.parse(row.value_json)) : DEFAULTS;
}

export async function setProtectionSettings(
  ctx: AppContext,
  input: ProtectionSettings,
  viewer: Principal = OWNER,
): Promise<ProtectionSettings> {
  const data = parseInput(ProtectionSettingsSchema, input, 'protection settings');
  await inTransaction(ctx, async (tx) => {
    await store.putSetting(tx.db, {
      key: KEY,
      value_json: JSON.stringify(data),
      updated_at: tx.clock.now().toISOString(),
    });
    await recordEvent(tx, {
      partnerId: null,
      subjectType: 'settings',
      subjectId: KEY,
      action: 'settings_changed',
      actor: actorOf(viewer),
      details: data,
    });
  });
  return data;
}

/** The protection end of a registration approved at `at` for a partner of `tier`; null: none. */
export async function protectionEnd(
  ctx: AppContext,
  tier: keyof ProtectionSettings['windows'],
  at: string,
): Promise<string | null> {
  const days = (await protectionSettings(ctx)).windows[tier];
  return days === null ? null : new Date(Date.parse(at) + days * DAY).toISOString();
}

async function visibleDeal(ctx: AppContext, id: string, viewer: Principal) {
  const row = await store.findDeal(ctx.db, id);
  if (!row || viewer.kind === 'customer') throw dealErrors.notFound(id);
  if (viewer.kind === 'partner' && !canSeePartner(viewer, row.partner_id)) {
    throw dealErrors.notFound(id);
  }
  return row;
}

function assertOpen(row: DealTable) {
  if (row.stage === 'won' || row.stage === 'lost') throw protectionErrors.notOpen();
}

async function change(
  ctx: AppContext,
  row: DealTable,
  changes: Partial<DealTable>,
  action: string,
  actor: string,
  details: Record<string, unknown> = {},
): Promise<DealView> {
  await inTransaction(ctx, async (tx) => {
    await store.updateDeal(tx.db, row.id, changes);
    await recordEvent(tx, {
      partnerId: row.partner_id,
      subjectType: 'deal',
      subjectId: row.id,
      action,
      actor,
      details,
    });
  });
  return dealView({ ...row, ...changes }, ctx.clock.now().toISOString());
}

/** The partner asks for more protection before its registration expires. */
export async function requestExtension(
  ctx: AppContext,
  id: string,
  input: ExtensionRequestInput,
  viewer: Principal = OWNER,
): Promise<DealView> {
  const data = parseInput(ExtensionRequestSchema, input, 'extension request');
  const row = await visibleDeal(ctx, id, viewer);
  assertOpen(row);
  if (row.registration !== 'approved' || row.protected_until === null) {
    throw protectionErrors.notProtected();
  }
  const now = ctx.clock.now().toISOString();
  if (protectionExpired(row, now)) throw protectionErrors.expired(row.protected_until);
  if (row.extension_status === 'requested') throw protectionErrors.extensionPending();
  return change(
    ctx,
    row,
    { extension_days: data.days, extension_reason: data.reason, extension_status: 'requested' },
    'extension_requested',
    actorOf(viewer),
    { days: data.days, reason: data.reason },
  );
}

/** The owner grants (the end moves by the days asked) or refuses a requested extension. */
export async function decideExtension(
  ctx: AppContext,
  id: string,
  decision: 'approved' | 'rejected',
  viewer: Principal = OWNER,
): Promise<DealView> {
  const row = await visibleDeal(ctx, id, OWNER);
  assertOpen(row);
  if (row.extension_status !== 'requested' || row.extension_days === null) {
    throw protectionErrors.noExtension();
  }
  const granted =
    decision === 'approved' && row.protected_until
      ? {
          protected_until: new Date(
            Date.parse(row.protected_until) + row.extension_days * DAY,
          ).toISOString(),
          reminded_at: null,
          expiry_noted_at: null,
        }
      : {};
  return change(
    ctx,
    row,
    { extension_status: decision, ...granted },
    `extension_${decision}`,
    actorOf(viewer),
    { days: row.extension_days },
  );
}

/** The owner sets the protection end by hand, with a reason (reinstating an expired one too). */
export async function overrideProtection(
  ctx: AppContext,
  id: string,
  input: ProtectionOverrideInput,
  viewer: Principal = OWNER,
): Promise<DealView> {
  const data = parseInput(ProtectionOverrideSchema, input, 'protection override');
  const row = await visibleDeal(ctx, id, OWNER);
  assertOpen(row);
  if (row.registration !== 'approved') throw protectionErrors.notProtected();
  const now = ctx.clock.now().toISOString();
  const until = new Date(data.until).toISOString();
  if (until <= now) throw protectionErrors.badOverride(now);
  return change(
    ctx,
    row,
    {
      protected_until: until,
      override_reason: data.reason,
      reminded_at: null,
      expiry_noted_at: null,
    },
    'protection_overridden',
    actorOf(viewer),
    { from: row.protected_until, until, reason: data.reason },
  );
}

/**
 * Records each due reminder (the reminder lead time before the end) and each expiry once, as
 * events the partner lists. Expiry itself needs no sweep: conflicts and bounties read the
 * protection end against the clock; the sweep only tells the partner.
 */
export async function sweepRegistrations(ctx: AppContext): Promise<SweepView> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const { reminderDays } = await protectionSettings(ctx);
  let reminders = 0;
  let expired = 0;
  await inTransaction(ctx, async (tx) => {
    for (const row of await store.protectedOpenDeals(tx.db)) {
      const end = Date.parse(row.protected_until!);
      const event = {
        partnerId: row.partner_id,
        subjectType: 'deal',
        subjectId: row.id,
        actor: 'system',
        at,
      };
      if (end <= now.getTime()) {
        if (row.expiry_noted_at) continue;
        await store.updateDeal(tx.db, row.id, { expiry_noted_at: at });
        await recordEvent(tx, {
          ...event,
          action: 'registration_expired',
          details: { company: row.company, protectedUntil: row.protected_until },
        });
        expired++;
      } else if (!row.reminded_at && end - now.getTime() <= reminderDays * DAY) {
        await store.updateDeal(tx.db, row.id, { reminded_at: at });
        await recordEvent(tx, {
          ...event,
          action: 'registration_expiring',
          details: { company: row.company, protectedUntil: row.protected_until },
        });
        reminders++;
      }
    }
  });
  return { reminders, expired, at };
}
