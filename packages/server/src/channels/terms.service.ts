import type { AppContext } from '../context.ts';
import { newId } from '../shared/ids.ts';
import { channelErrors } from './channels.errors.ts';
import { recordEvent } from './partner-events.service.ts';
import * as store from './terms.store.ts';

export interface TermsView {
  version: string;
  text: string;
  publishedAt: string;
}

export interface TermsAcceptanceView {
  id: string;
  partnerId: string;
  version: string;
  acceptedBy: string;
  actor: string;
  at: string;
}

/** Publishes a new version of the programme terms; the latest published is the current one. */
export async function publishTerms(
  ctx: AppContext,
  input: { version: string; text: string },
  actor: string,
): Promise<TermsView> {
  if (await store.findTerms(ctx.db, input.version)) {
    throw channelErrors.termsVersionExists(input.version);
  }
  const row = {
    version: input.version,
    text: input.text,
    published_at: ctx.clock.now().toISOString(),
  };
  await store.insertTerms(ctx.db, row);
  await recordEvent(ctx, {
    partnerId: null,
    subjectType: 'terms',
    subjectId: row.version,
    action: 'terms_published',
    actor,
  });
  return { version: row.version, text: row.text, publishedAt: row.published_at };
}

export async function listTerms(ctx: AppContext): Promise<TermsView[]> {
  return (await store.listTerms(ctx.db)).map((t) => ({
    version: t.version,
    text: t.text,
    publishedAt: t.published_at,
  }));
}

/** The current terms, or null when none are published. */
export async function currentTerms(ctx: AppContext): Promise<TermsView | null> {
  return (await listTerms(ctx)).at(-1) ?? null;
}

/**
 * Records that `acceptedBy` accepted `version` for the partner, with the credential it came
 * with and the clock's time. Only the current version can be accepted.
 */
export async function acceptTerms(
  ctx: AppContext,
  partnerId: string,
  input: { version: string; acceptedBy: string },
  actor: string,
): Promise<TermsAcceptanceView> {
  const current = await currentTerms(ctx);
  if (!current) throw channelErrors.noTerms();
  if (current.version !== input.version) {
    throw channelErrors.notCurrentTerms(input.version, current.version);
  }
  const row = {
    id: newId('tac'),
    partner_id: partnerId,
    version: input.version,
    accepted_by: input.acceptedBy,
    actor,
    at: ctx.clock.now().toISOString(),
  };
  await store.insertAcceptance(ctx.db, row);
  await recordEvent(ctx, {
    partnerId,
    subjectType: 'terms',
    subjectId: input.version,
    action: 'terms_accepted',
    actor,
    details: { acceptedBy: input.acceptedBy },
  });
  return acceptanceView(row);
}

export async function listAcceptances(
  ctx: AppContext,
  partnerId?: string,
): Promise<TermsAcceptanceView[]> {
  return (await store.listAcceptances(ctx.db, partnerId)).map(acceptanceView);
}

/** Whether the partner accepted the current terms (true when none are published). */
export async function acceptedCurrentTerms(ctx: AppContext, partnerId: string): Promise<boolean> {
  const current = await currentTerms(ctx);
  if (!current) return true;
  return (await store.listAcceptances(ctx.db, partnerId)).some(
    (a) => a.version === current.version,
  );
}

function acceptanceView(row: Awaited<ReturnType<typeof store.listAcceptances>>[number]) {
  return {
    id: row.id,
    partnerId: row.partner_id,
    version: row.version,
    acceptedBy: row.accepted_by,
    actor: row.actor,
    at: row.at,
  };
}
