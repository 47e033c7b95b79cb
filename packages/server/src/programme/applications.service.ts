import { createFirstManager } from '../auth/partner-users.service.ts';
import { equal, newCredential, sha256 } from '../auth/secrets.ts';
import { createPartner } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import { acceptTerms, currentTerms, publishTerms } from '../channels/terms.service.ts';
import type { AppContext } from '../context.ts';
import type { PartnerApplicationTable } from '../db/schema.ts';
import { companyKey } from '../deals/deals.service.ts';
import { actorOf } from '../shared/actor.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import {
  AcceptTermsSchema,
  ApplicantReplySchema,
  type ApplicationInput,
  ApplicationInputSchema,
  type ApplicationView,
  DecisionSchema,
  InfoRequestSchema,
  PublishTermsSchema,
} from './applications.schemas.ts';
import * as store from './applications.store.ts';
import { programmeErrors } from './programme.errors.ts';

type Row = PartnerApplicationTable;

/** Every state change of an application, in the programme's audit trail. */
async function audit(ctx: AppContext, row: Row, action: string, actor: string, details = {}) {
  await recordEvent(ctx, {
    partnerId: row.partner_id,
    subjectType: 'application',
    subjectId: row.id,
    action,
    actor,
    details: { company: row.company, ...details },
  });
}

/**
 * A public application. One live application per company (names compared like deals'): a
 * second is 409 `programme.application_exists` and writes nothing. Answers the applicant's
 * token once; only its hash is kept.
 */
export async function submitApplication(ctx: AppContext, input: ApplicationInput) {
  const data = parseInput(ApplicationInputSchema, input, 'application');
  assertKnownCurrency(data.currency);
  const key = companyKey(data.company);
  const credential = newCredential('qda');
  const now = ctx.clock.now().toISOString();
  const row: Row = {
    id: newId('app'),
    company: data.company,
    company_key: key,
    contact_name: data.contactName,
    contact_email: data.contactEmail.toLowerCase(),
    regions_json: JSON.stringify(data.regions),
    industries_json: JSON.stringify(data.industries),
    model: data.model,
    currency: data.currency,
    message: data.message ?? null,
    status: 'submitted',
    partner_id: null,
    token_prefix: credential.prefix,
    token_hash: credential.hash,
    info_request: null,
    reply: null,
    decision_reason: null,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(ctx, async (tx) => {
    const [live] = await store.liveApplicationsOf(tx.db, key);
    if (live) throw programmeErrors.applicationExists(live.id);
    await store.insertApplication(tx.db, row);
    await audit(tx, row, 'application_submitted', `applicant:${row.contact_email}`);
  });
  return { application: view(row), token: credential.secret };
}

/** The application if `token` is its applicant's; 404 otherwise (ids are not probed). */
async function own(ctx: AppContext, id: string, token: string) {
  const row = await store.findApplication(ctx.db, id);
  if (!row || !equal(sha256(token), Buffer.from(row.token_hash, 'hex'))) {
    throw programmeErrors.applicationNotFound(id);
  }
  return row;
}

export async function getOwnApplication(ctx: AppContext, id: string, token: string) {
  return view(await own(ctx, id, token));
}

/** One state change and its audit entry; the caller runs it in a transaction. */
async function step(
  ctx: AppContext,
  row: Row,
  from: readonly string[],
  stepName: string,
  changes: Partial<Row>,
  actor: string,
  details: Record<string, unknown> = {},
) {
  if (!from.includes(row.status)) throw programmeErrors.applicationBadStep(row.status, stepName);
  const next = { ...row, ...changes, updated_at: ctx.clock.now().toISOString() };
  await store.updateApplication(ctx.db, row.id, { ...changes, updated_at: next.updated_at });
  await audit(ctx, next, `application_${stepName}`, actor, details);
  return view(next);
}

export async function replyToApplication(ctx: AppContext, id: string, input: unknown) {
  const data = parseInput(ApplicantReplySchema, input, 'reply');
  const row = await own(ctx, id, data.token);
  return inTransaction(ctx, (tx) =>
    step(
      tx,
      row,
      ['info_requested'],
      'replied',
      { status: 'submitted', reply: data.reply },
      `applicant:${row.contact_email}`,
    ),
  );
}

async function staffRow(ctx: AppContext, id: string) {
  const row = await store.findApplication(ctx.db, id);
  if (!row) throw programmeErrors.applicationNotFound(id);
  return row;
}

export async function listApplications(ctx: AppContext): Promise<ApplicationView[]> {
  return (await store.listApplications(ctx.db)).map(view);
}

export async function requestInfo(
  ctx: AppContext,
  id: string,
  input: unknown,
  viewer: Principal = OWNER,
) {
  const data = parseInput(InfoRequestSchema, input, 'information request');
  const row = await staffRow(ctx, id);
  return inTransaction(ctx, (tx) =>
    step(
      tx,
      row,
      ['submitted'],
      'info_requested',
      { status: 'info_requested', info_request: data.question },
      actorOf(viewer),
    ),
  );
}

export async function rejectApplication(
  ctx: AppContext,
  id: string,
  input: unknown,
  viewer: Principal = OWNER,
) {
  const data = parseInput(DecisionSchema, input, 'decision');
  const row = await staffRow(ctx, id);
  return inTransaction(ctx, (tx) =>
    step(
      tx,
      row,
      ['submitted', 'info_requested'],
      'rejected',
      { status: 'rejected', decision_reason: data.reason ?? null },
      actorOf(viewer),
    ),
  );
}

/** Approves: the partner is made with the application's model, currency, regions, industries. */
export async function approveApplication(
  ctx: AppContext,
  id: string,
  input: unknown,
  viewer: Principal = OWNER,
) {
  const data = parseInput(DecisionSchema, input, 'decision');
  const row = await staffRow(ctx, id);
  if (row.status !== 'submitted') throw programmeErrors.applicationBadStep(row.status, 'approved');
  return inTransaction(ctx, async (tx) => {
    const partner = await createPartner(tx, {
      name: row.company,
      tier: data.tier,
      channel: row.model === 'wholesale' ? 'reseller' : 'referral',
      regions: JSON.parse(row.regions_json) as string[],
      industries: JSON.parse(row.industries_json) as string[],
      model: row.model as 'referral' | 'wholesale',
      currency: row.currency,
    });
    return step(
      tx,
      row,
      ['submitted'],
      'approved',
      { status: 'approved', partner_id: partner.id, decision_reason: data.reason ?? null },
      actorOf(viewer),
      { tier: data.tier },
    );
  });
}

/**
 * The approved applicant accepts the current terms (the version, who and when are recorded):
 * the partner gets its first user, its manager, who invites the others by role.
 */
export async function acceptApplicationTerms(ctx: AppContext, id: string, input: unknown) {
  const data = parseInput(AcceptTermsSchema, input, 'terms acceptance');
  const row = await own(ctx, id, data.token);
  if (row.status !== 'approved' || !row.partner_id) {
    throw programmeErrors.applicationBadStep(row.status, 'onboarded');
  }
  const partnerId = row.partner_id;
  const actor = `applicant:${row.contact_email}`;
  return inTransaction(ctx, async (tx) => {
    const accepted = await acceptTerms(
      tx,
      partnerId,
      { version: data.version, acceptedBy: data.acceptedBy },
      actor,
    );
    const manager = await createFirstManager(
      tx,
      partnerId,
      { email: row.contact_email, name: row.contact_name },
      actor,
    );
    const application = await step(
      tx,
      row,
      ['approved'],
      'onboarded',
      { status: 'onboarded' },
      actor,
      { version: data.version },
    );
    return {
      application,
      terms: { version: accepted.version, acceptedBy: accepted.acceptedBy, at: accepted.at },
      manager: { userId: manager.user.id, token: manager.token.token },
    };
  });
}

export async function publishProgrammeTerms(
  ctx: AppContext,
  input: unknown,
  viewer: Principal = OWNER,
) {
  const data = parseInput(PublishTermsSchema, input, 'terms');
  return publishTerms(ctx, data, actorOf(viewer));
}

export { currentTerms };

function view(row: Row): ApplicationView {
  return {
    id: row.id,
    company: row.company,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    regions: JSON.parse(row.regions_json) as string[],
    industries: JSON.parse(row.industries_json) as string[],
    model: row.model as ApplicationView['model'],
    currency: row.currency,
    message: row.message,
    status: row.status as ApplicationView['status'],
    partnerId: row.partner_id,
    infoRequest: row.info_request,
    reply: row.reply,
    decisionReason: row.decision_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
