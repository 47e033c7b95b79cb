import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import { PartnerParams } from './channels.schemas.ts';

/** Which touch within the window makes the customer a partner's: the first or the last. */
export const ATTRIBUTION_RULES = ['first_touch', 'last_touch'] as const;

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{4,40}$/, 'a referral code is 4–40 letters, digits or dashes')
  .transform((c) => c.toUpperCase());

export const CreateReferralCodeSchema = z
  .object({ /** Leave out for a generated one. */ code: code.optional() })
  .strict();

export const ReferralTouchSchema = z
  .object({
    code,
    /** The visitor's own unguessable id (the sign-up page's cookie), later given at sign-up. */
    visitor: z.string().trim().min(8).max(200),
  })
  .strict();

export const ReferralSettingsSchema = z
  .object({
    /** Days before a sign-up within which a touch counts. */
    windowDays: z.number().int().min(1).max(365),
    rule: z.enum(ATTRIBUTION_RULES),
  })
  .strict();

export type ReferralSettings = z.infer<typeof ReferralSettingsSchema>;
export type CreateReferralCodeInput = z.input<typeof CreateReferralCodeSchema>;
export type ReferralTouchInput = z.input<typeof ReferralTouchSchema>;

export const ReferralCodeSchema = z
  .object({
    code: z.string(),
    partnerId: z.string(),
    /** The path of the referral link: the sign-up page with the code. */
    link: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'ReferralCode' });

export const RecordedTouchSchema = z
  .object({ code: z.string(), at: Instant })
  .meta({ id: 'ReferralTouch' });

export const PartnerEventSchema = z
  .object({
    id: z.string(),
    at: Instant,
    partnerId: z.string().nullable(),
    subjectType: z.string(),
    subjectId: z.string(),
    action: z.string(),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'PartnerEvent' });

export const PartnerEventQuery = z
  .object({
    subjectId: z.string().min(1).optional(),
    partnerId: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export type ReferralCodeView = z.infer<typeof ReferralCodeSchema>;
export type PartnerEventView = z.infer<typeof PartnerEventSchema>;
export type PartnerEventQueryInput = z.input<typeof PartnerEventQuery>;

export const referralsContract = {
  listCodes: route({
    method: 'GET',
    path: '/api/v1/partners/:partnerId/referral-codes',
    summary: "A partner's referral codes and links",
    access: ACCESS.readStaffOrPartner,
    params: PartnerParams,
    response: z.array(ReferralCodeSchema),
  }),
  createCode: route({
    method: 'POST',
    path: '/api/v1/partners/:partnerId/referral-codes',
    summary: 'Make a referral code (and link) for a partner',
    access: ACCESS.staffOrPartner,
    params: PartnerParams,
    body: CreateReferralCodeSchema,
    status: 201,
    response: ReferralCodeSchema,
  }),
  touch: route({
    method: 'POST',
    path: '/api/v1/referral-touches',
    summary: 'Record a visit through a referral link or code (the sign-up page calls it)',
    access: ACCESS.public,
    body: ReferralTouchSchema,
    status: 201,
    response: RecordedTouchSchema,
  }),
  getSettings: route({
    method: 'GET',
    path: '/api/v1/referral-settings',
    summary: 'The attribution window and first- or last-touch rule',
    access: ACCESS.staffRead,
    response: ReferralSettingsSchema,
  }),
  setSettings: route({
    method: 'PUT',
    path: '/api/v1/referral-settings',
    summary: 'Set the attribution window and first- or last-touch rule',
    access: ACCESS.staff,
    body: ReferralSettingsSchema,
    response: ReferralSettingsSchema,
  }),
  listEvents: route({
    method: 'GET',
    path: '/api/v1/partner-events',
    summary:
      "The programme's audit trail and event feed (a partner sees its own: reminders, expiries, reviews)",
    access: ACCESS.readStaffOrPartner,
    query: PartnerEventQuery,
    response: z.array(PartnerEventSchema),
  }),
};
