import { z } from 'zod';
import { PARTNER_TIERS } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import { DealParams, DealSchema } from './deals.schemas.ts';

const days = z.number().int().min(1).max(3650);

export const ProtectionSettingsSchema = z
  .object({
    /** Days an approved registration is protected, per tier; null: no expiry for that tier. */
    windows: z.object(
      Object.fromEntries(PARTNER_TIERS.map((t) => [t, days.nullable()])) as Record<
        (typeof PARTNER_TIERS)[number],
        z.ZodNullable<typeof days>
      >,
    ),
    /** Days before the expiry when the partner gets a reminder event. */
    reminderDays: z.number().int().min(0).max(365),
  })
  .strict()
  .meta({ id: 'ProtectionSettings' });

export const ExtensionRequestSchema = z
  .object({ days: z.number().int().min(1).max(365), reason: z.string().trim().min(3).max(1000) })
  .strict();

export const ProtectionOverrideSchema = z
  .object({
    /** The new end of the protection (a reinstated expired registration included). */
    until: z.iso.datetime(),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict();

export const SweepSchema = z
  .object({ reminders: z.number().int(), expired: z.number().int(), at: Instant })
  .meta({ id: 'RegistrationSweep' });

export type ProtectionSettings = z.infer<typeof ProtectionSettingsSchema>;
export type ExtensionRequestInput = z.input<typeof ExtensionRequestSchema>;
export type ProtectionOverrideInput = z.input<typeof ProtectionOverrideSchema>;
export type SweepView = z.infer<typeof SweepSchema>;

const dealPath = '/api/v1/deals/:dealId';

export const dealProtectionContract = {
  getSettings: route({
    method: 'GET',
    path: '/api/v1/deal-protection',
    summary: 'Registration protection windows per tier and the reminder lead time',
    access: ACCESS.staffRead,
    response: ProtectionSettingsSchema,
  }),
  setSettings: route({
    method: 'PUT',
    path: '/api/v1/deal-protection',
    summary: 'Set the protection windows per tier (from approval) and the reminder lead time',
    access: ACCESS.staff,
    body: ProtectionSettingsSchema,
    response: ProtectionSettingsSchema,
  }),
  requestExtension: route({
    method: 'POST',
    path: `${dealPath}/extension`,
    summary: "Ask for a longer protection of an approved registration (the partner's own)",
    access: ACCESS.staffOrPartner,
    params: DealParams,
    body: ExtensionRequestSchema,
    response: DealSchema,
  }),
  approveExtension: route({
    method: 'POST',
    path: `${dealPath}/extension/approve`,
    summary: 'Grant a requested extension',
    access: ACCESS.staff,
    params: DealParams,
    response: DealSchema,
  }),
  rejectExtension: route({
    method: 'POST',
    path: `${dealPath}/extension/reject`,
    summary: 'Refuse a requested extension',
    access: ACCESS.staff,
    params: DealParams,
    response: DealSchema,
  }),
  overrideProtection: route({
    method: 'POST',
    path: `${dealPath}/protection`,
    summary: "Set a registration's protection end by hand, with a reason (owner override)",
    access: ACCESS.staff,
    params: DealParams,
    body: ProtectionOverrideSchema,
    response: DealSchema,
  }),
  sweep: route({
    method: 'POST',
    path: '/api/v1/deal-protection/sweep',
    summary: 'Record due reminders and expiries as partner events (run daily; also at each close)',
    access: ACCESS.staff,
    response: SweepSchema,
  }),
};
