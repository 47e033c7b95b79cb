import { z } from 'zod';
import { PARTNER_MODELS, PARTNER_TIERS } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

const label = z.string().trim().min(1).max(100);
const text = z.string().trim().min(3).max(2000);

export const APPLICATION_STATUSES = [
  'submitted',
  'info_requested',
  'approved',
  'rejected',
  'onboarded',
] as const;

export const ApplicationInputSchema = z
  .object({
    company: z.string().trim().min(1).max(200),
    contactName: z.string().trim().min(1).max(200),
    contactEmail: z.email().max(320),
    regions: z.array(label).min(1).max(50),
    industries: z.array(label).max(50).default([]),
    /** referral (Qudao invoices the customers) or wholesale (the partner resells). */
    model: z.enum(PARTNER_MODELS),
    currency: CurrencySchema.default('USD'),
    message: z.string().trim().max(2000).optional(),
  })
  .strict();

export const ApplicationParams = z.object({ applicationId: z.string().min(1) });
/** The applicant's token (answered once at submission) proves the application is its own. */
export const ApplicantHeaders = z.object({ 'x-application-token': z.string().min(1).max(200) });
export const ApplicantReplySchema = z.object({ token: z.string().min(1), reply: text }).strict();
export const InfoRequestSchema = z.object({ question: text }).strict();
export const DecisionSchema = z
  .object({ reason: text.optional(), tier: z.enum(PARTNER_TIERS).default('registered') })
  .strict();
export const AcceptTermsSchema = z
  .object({
    token: z.string().min(1),
    version: z.string().trim().min(1).max(50),
    /** Who accepts, in the applicant's own words (recorded with the time). */
    acceptedBy: z.string().trim().min(1).max(200),
  })
  .strict();
export const PublishTermsSchema = z
  .object({
    version: z.string().trim().min(1).max(50),
    text: z.string().trim().min(10).max(100_000),
  })
  .strict();

export type ApplicationInput = z.input<typeof ApplicationInputSchema>;

export const ApplicationSchema = z
  .object({
    id: z.string(),
    company: z.string(),
    contactName: z.string(),
    contactEmail: z.string(),
    regions: z.array(z.string()),
    industries: z.array(z.string()),
    model: z.enum(PARTNER_MODELS),
    currency: z.string(),
    message: z.string().nullable(),
    status: z.enum(APPLICATION_STATUSES),
    partnerId: z.string().nullable(),
    infoRequest: z.string().nullable(),
    reply: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'PartnerApplication' });

export const SubmittedApplicationSchema = z
  .object({
    application: ApplicationSchema,
    /** Shown once: the applicant reads and answers its application with it. */
    token: z.string(),
  })
  .meta({ id: 'SubmittedApplication' });

export const TermsSchema = z
  .object({ version: z.string(), text: z.string(), publishedAt: Instant })
  .meta({ id: 'ProgrammeTerms' });

export const OnboardedSchema = z
  .object({
    application: ApplicationSchema,
    terms: z.object({ version: z.string(), acceptedBy: z.string(), at: Instant }),
    /** The partner's first user, its manager: its access token, shown once. */
    manager: z.object({ userId: z.string(), token: z.string() }),
  })
  .meta({ id: 'OnboardedApplication' });

export type ApplicationView = z.infer<typeof ApplicationSchema>;

const base = '/api/v1/partner-applications';
const one = `${base}/:applicationId`;

export const applicationsContract = {
  submit: route({
    method: 'POST',
    path: base,
    summary: 'Apply to become a partner (no credentials; one open application per company)',
    access: ACCESS.public,
    body: ApplicationInputSchema,
    status: 201,
    response: SubmittedApplicationSchema,
  }),
  mine: route({
    method: 'GET',
    path: one,
    summary: 'The applicant reads its own application (X-Application-Token)',
    access: ACCESS.public,
    params: ApplicationParams,
    headers: ApplicantHeaders,
    response: ApplicationSchema,
  }),
  reply: route({
    method: 'POST',
    path: `${one}/reply`,
    summary: 'The applicant answers a request for more information',
    access: ACCESS.public,
    params: ApplicationParams,
    body: ApplicantReplySchema,
    response: ApplicationSchema,
  }),
  acceptTerms: route({
    method: 'POST',
    path: `${one}/accept-terms`,
    summary: 'The approved applicant accepts the current terms: the partner gets its manager',
    access: ACCESS.public,
    params: ApplicationParams,
    body: AcceptTermsSchema,
    response: OnboardedSchema,
  }),
  list: route({
    method: 'GET',
    path: base,
    summary: 'Every application (review queue)',
    access: ACCESS.staffRead,
    response: z.array(ApplicationSchema),
  }),
  requestInfo: route({
    method: 'POST',
    path: `${one}/request-info`,
    summary: 'Ask the applicant for more',
    access: ACCESS.staff,
    params: ApplicationParams,
    body: InfoRequestSchema,
    response: ApplicationSchema,
  }),
  approve: route({
    method: 'POST',
    path: `${one}/approve`,
    summary: 'Approve: the partner is created (its model, currency, regions); terms come next',
    access: ACCESS.staff,
    params: ApplicationParams,
    body: DecisionSchema,
    response: ApplicationSchema,
  }),
  reject: route({
    method: 'POST',
    path: `${one}/reject`,
    summary: 'Reject, with a reason',
    access: ACCESS.staff,
    params: ApplicationParams,
    body: DecisionSchema,
    response: ApplicationSchema,
  }),
  publishTerms: route({
    method: 'POST',
    path: '/api/v1/programme/terms',
    summary: 'Publish a new version of the programme terms',
    access: ACCESS.staff,
    body: PublishTermsSchema,
    status: 201,
    response: TermsSchema,
  }),
  currentTerms: route({
    method: 'GET',
    path: '/api/v1/programme/terms/current',
    summary: 'The programme terms in force (no credentials: applicants read them)',
    access: ACCESS.public,
    response: TermsSchema.nullable(),
  }),
};
