import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

export const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'won', 'lost'] as const;
export const DEAL_SOURCES = [
  'partner',
  'direct',
  'inbound',
  'event',
  'referral',
  'marketplace',
] as const;
/** direct (no partner), offered (a lead offered to a partner), pending (a partner's registration
 * awaiting the owner), approved, rejected. */
export const DEAL_REGISTRATIONS = ['direct', 'offered', 'pending', 'approved', 'rejected'] as const;
export const PROTECTION_STATES = ['none', 'active', 'expired'] as const;
export const EXTENSION_STATUSES = ['requested', 'approved', 'rejected'] as const;

export const CreateDealSchema = z
  .object({
    company: z.string().trim().min(1).max(200),
    /** The registering partner (staff only; a partner registers for itself). */
    partnerId: z.string().min(1).nullish(),
    customerId: z.string().min(1).nullish(),
    source: z.enum(DEAL_SOURCES).optional(),
    valueMinor: z.number().int().nonnegative('a deal value cannot be negative').default(0),
    currency: CurrencySchema.default('USD'),
    /** When the lead came in (default: the server's clock). Staff only, for imports of history. */
    createdAt: z.iso.datetime().optional(),
  })
  .strict();

export const MoveDealSchema = z
  .object({
    stage: z.enum(DEAL_STAGES),
    /**
     * When the deal reached the stage (default: the server's clock). Staff only, not before the
     * deal's earlier stages, not after now, not inside a closed billing period.
     */
    at: z.iso.datetime().optional(),
  })
  .strict();

export const DealParams = z.object({ dealId: z.string().min(1) });

export type CreateDealInput = z.input<typeof CreateDealSchema>;
export type MoveDealInput = z.input<typeof MoveDealSchema>;

export const OfferSchema = z.object({ partnerId: z.string().min(1) }).strict();

export const DealSchema = z
  .object({
    id: z.string(),
    partnerId: z.string().nullable(),
    customerId: z.string().nullable(),
    company: z.string(),
    source: z.enum(DEAL_SOURCES),
    stage: z.enum(DEAL_STAGES),
    registration: z.enum(DEAL_REGISTRATIONS),
    valueMinor: z.number().int(),
    currency: z.string(),
    /** The earlier deal of another partner for the same company, if any. */
    conflictDealId: z.string().nullable(),
    createdAt: Instant,
    qualifiedAt: Instant.nullable(),
    proposalAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    /** When the registration was approved (or the offer accepted). */
    approvedAt: Instant.nullable(),
    /** End of the registration's protection (its tier's window from approval, extended or overridden). */
    protectedUntil: Instant.nullable(),
    /**
     * none (no window applies), active, expired (no longer blocks other registrations, a win
     * after it earns no bounty), on the server's clock.
     */
    protection: z.enum(PROTECTION_STATES),
    extension: z
      .object({
        days: z.number().int(),
        reason: z.string(),
        status: z.enum(EXTENSION_STATUSES),
      })
      .nullable(),
    overrideReason: z.string().nullable(),
  })
  .meta({ id: 'Deal' });

export type DealView = z.infer<typeof DealSchema>;

const dealPath = '/api/v1/deals/:dealId';

export const dealsContract = {
  list: route({
    method: 'GET',
    path: '/api/v1/deals',
    summary: 'List deals (a partner sees its own)',
    access: ACCESS.readStaffOrPartner,
    response: z.array(DealSchema),
  }),
  create: route({
    method: 'POST',
    path: '/api/v1/deals',
    summary: 'Register a deal (a partner registers for itself; pending until approved)',
    access: ACCESS.staffOrPartner,
    body: CreateDealSchema,
    status: 201,
    response: DealSchema,
  }),
  get: route({
    method: 'GET',
    path: dealPath,
    summary: 'One deal',
    access: ACCESS.readStaffOrPartner,
    params: DealParams,
    response: DealSchema,
  }),
  move: route({
    method: 'POST',
    path: `${dealPath}/stage`,
    summary: 'Move a deal one stage on (lead → qualified → proposal → won), or to lost',
    access: ACCESS.staffOrPartner,
    params: DealParams,
    body: MoveDealSchema,
    response: DealSchema,
  }),
  offer: route({
    method: 'POST',
    path: `${dealPath}/offer`,
    summary: 'Offer an open direct lead to a partner (lead distribution)',
    access: ACCESS.staff,
    params: DealParams,
    body: OfferSchema,
    response: DealSchema,
  }),
  accept: route({
    method: 'POST',
    path: `${dealPath}/accept`,
    summary: 'Accept a lead offered to you',
    access: ACCESS.partner,
    params: DealParams,
    response: DealSchema,
  }),
  decline: route({
    method: 'POST',
    path: `${dealPath}/decline`,
    summary: 'Decline a lead offered to you',
    access: ACCESS.partner,
    params: DealParams,
    response: DealSchema,
  }),
  approve: route({
    method: 'POST',
    path: `${dealPath}/approve`,
    summary: "Approve a partner's deal registration",
    access: ACCESS.staff,
    params: DealParams,
    response: DealSchema,
  }),
  reject: route({
    method: 'POST',
    path: `${dealPath}/reject`,
    summary: "Reject a partner's deal registration",
    access: ACCESS.staff,
    params: DealParams,
    response: DealSchema,
  }),
};
