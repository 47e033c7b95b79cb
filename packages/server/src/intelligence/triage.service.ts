import type { Selectable } from 'kysely';
import { getCustomer, listCustomers } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { InquiryTable } from '../db/schema.ts';
import { getModelVersionById } from '../registry/registry.service.ts';
import { actorOf } from '../registry/registry-lifecycle.service.ts';
import { predictWithVersion } from '../serving/version-predict.service.ts';
import { isAppError } from '../shared/app-error.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeeCustomer, tenantFilter } from '../shared/tenancy.ts';
import { parseInput } from '../shared/validate.ts';
import { intelligenceErrors } from './intelligence.errors.ts';
import {
  CorrectInquirySchema,
  type InquiryCategory,
  InquiryQuerySchema,
  type InquiryView,
  type SubmitInquiryInput,
  SubmitInquirySchema,
} from './intelligence.schemas.ts';
import * as store from './intelligence.store.ts';
import { detectLanguage } from './language.ts';
import { currentModel } from './refresh-state.ts';

/** Below this confidence the triage model's class is a suggestion and a person decides. */
export const DEFAULT_THRESHOLD = 0.6;

/**
 * Where an inquiry goes: billing and urgent complaints to the owner's direct support (the owner
 * bills and owns escalations), the rest to the customer's partner (direct support for direct
 * customers); below the confidence threshold to review, visible to the partner too.
 */
export function routeInquiry(
  category: InquiryCategory,
  confidence: number,
  threshold: number,
  partnerId: string | null,
): Pick<InquiryTable, 'route' | 'routed_partner_id' | 'status'> {
  if (confidence < threshold) {
    return { route: 'review', routed_partner_id: partnerId, status: 'needs_review' };
  }
  if (category === 'billing' || category === 'urgent_complaint' || !partnerId) {
    return { route: 'direct_support', routed_partner_id: null, status: 'routed' };
  }
  return { route: 'partner', routed_partner_id: partnerId, status: 'routed' };
}

/** Past tickets, already triaged by people (the demo's history, or an import). */
export async function importInquiryHistory(
  ctx: AppContext,
  rows: { customerId: string; receivedAt: string; text: string; category: InquiryCategory }[],
): Promise<number> {
  const partners = new Map((await listCustomers(ctx)).map((c) => [c.id, c.partnerId]));
  await store.insertInquiries(
    ctx.db,
    rows.map((r) => {
      const partnerId = partners.get(r.customerId) ?? null;
      return {
        id: newId('inq'),
        customer_id: r.customerId,
        partner_id: partnerId,
        text: r.text,
        language: detectLanguage(r.text) ?? 'en',
        received_at: r.receivedAt,
        source: 'history',
        category: null,
        confidence: null,
        model_version_id: null,
        ...routeInquiry(r.category, 1, 0, partnerId),
        status: 'closed',
        final_category: r.category,
        corrected_by: null,
        corrected_at: null,
      };
    }),
  );
  return rows.length;
}

/**
 * A new inquiry: its language checked, classified by the current triage model version (through
 * serving, like any model), routed, and stored with the version that routed it.
 */
/** The triage model's class and confidence for `text`, or null while no model is trained. */
async function triage(
  ctx: AppContext,
  text: string,
): Promise<{
  category: InquiryCategory;
  confidence: number;
  threshold: number;
  versionId: string;
} | null> {
  let current: Awaited<ReturnType<typeof currentModel>>;
  try {
    current = await currentModel(ctx, 'triage');
  } catch (error) {
    if (isAppError(error) && error.code === 'intelligence.model_not_trained') return null;
    throw error;
  }
  const version = await getModelVersionById(ctx, current.figure.version.modelVersionId);
  if (!version) return null;
  const [prediction] = (await predictWithVersion(ctx, version, [text])) as {
    label: string;
    probabilities: { label: string; probability: number }[];
  }[];
  return {
    category: prediction!.label as InquiryCategory,
    confidence: Math.max(...prediction!.probabilities.map((p) => p.probability)),
    threshold: current.threshold ?? DEFAULT_THRESHOLD,
    versionId: version.id,
  };
}

export async function submitInquiry(
  ctx: AppContext,
  input: SubmitInquiryInput,
  viewer: Principal = OWNER,
): Promise<InquiryView> {
  const data = parseInput(SubmitInquirySchema, input, 'inquiry');
  const customerId = data.customerId ?? (viewer.kind === 'customer' ? viewer.customerId : null);
  if (!customerId) throw intelligenceErrors.customerRequired();
  const customer = await getCustomer(ctx, customerId, viewer);
  let language = detectLanguage(data.text);
  if (data.language !== undefined) {
    if (data.language !== 'zh' && data.language !== 'en') {
      throw intelligenceErrors.unsupportedLanguage(data.language);
    }
    language = data.language;
  }
  if (!language) throw intelligenceErrors.unknownLanguage();
  const triaged = await triage(ctx, data.text);
  const row: InquiryTable = {
    id: newId('inq'),
    customer_id: customer.id,
    partner_id: customer.partnerId,
    text: data.text,
    language,
    received_at: data.receivedAt ?? ctx.clock.now().toISOString(),
    source: 'api',
    category: triaged?.category ?? null,
    confidence: triaged?.confidence ?? null,
    model_version_id: triaged?.versionId ?? null,
    // Before the first refresh there is no model to sort it: a person does, nothing is refused.
    ...(triaged
      ? routeInquiry(triaged.category, triaged.confidence, triaged.threshold, customer.partnerId)
      : {
          route: 'review' as const,
          routed_partner_id: customer.partnerId,
          status: 'needs_review' as const,
        }),
    final_category: null,
    corrected_by: null,
    corrected_at: null,
  };
  await store.insertInquiries(ctx.db, [row]);
  return (await views(ctx, [row]))[0]!;
}

export async function listInquiries(
  ctx: AppContext,
  query: { status?: string; limit?: number } = {},
  viewer: Principal = OWNER,
): Promise<InquiryView[]> {
  const q = parseInput(InquiryQuerySchema, query, 'inquiry query');
  const rows = await store.listInquiries(ctx.db, {
    ...(tenantFilter(viewer) ?? {}),
    status: q.status,
    limit: q.limit,
  });
  return views(ctx, rows);
}

export async function getInquiry(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<InquiryView> {
  return (await views(ctx, [await visibleInquiry(ctx, id, viewer)]))[0]!;
}

/** A person's class: the inquiry is routed by it and the next training set learns it. */
export async function correctInquiry(
  ctx: AppContext,
  id: string,
  input: { category: InquiryCategory },
  viewer: Principal = OWNER,
): Promise<InquiryView> {
  const { category } = parseInput(CorrectInquirySchema, input, 'correction');
  const row = await visibleInquiry(ctx, id, viewer);
  await store.updateInquiry(ctx.db, id, {
    ...routeInquiry(category, 1, 0, row.partner_id),
    status: 'corrected',
    final_category: category,
    corrected_by: actorOf(viewer),
    corrected_at: ctx.clock.now().toISOString(),
  });
  return getInquiry(ctx, id, viewer);
}

/** Every inquiry people have settled (history and corrections) received before `before`. */
export async function settledInquiries(ctx: AppContext, before: string) {
  return (await store.listInquiries(ctx.db, { before })).filter((r) => r.final_category !== null);
}

async function visibleInquiry(ctx: AppContext, id: string, viewer: Principal) {
  const row = await store.findInquiry(ctx.db, id);
  if (!row || !canSeeCustomer(viewer, { id: row.customer_id, partnerId: row.partner_id })) {
    throw intelligenceErrors.inquiryNotFound(id);
  }
  return row;
}

async function views(ctx: AppContext, rows: Selectable<InquiryTable>[]): Promise<InquiryView[]> {
  const refs = new Map<string, string | null>();
  for (const id of new Set(rows.map((r) => r.model_version_id).filter((v) => v !== null))) {
    const version = await getModelVersionById(ctx, id);
    refs.set(id, version ? `${version.model}@${version.version}` : null);
  }
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    partnerId: r.partner_id,
    text: r.text,
    language: r.language as InquiryView['language'],
    receivedAt: r.received_at,
    category: r.category as InquiryView['category'],
    confidence: r.confidence,
    route: r.route as InquiryView['route'],
    routedPartnerId: r.routed_partner_id,
    status: r.status as InquiryView['status'],
    finalCategory: r.final_category as InquiryView['finalCategory'],
    modelVersion: r.model_version_id ? (refs.get(r.model_version_id) ?? null) : null,
    correctedBy: r.corrected_by,
    correctedAt: r.corrected_at,
  }));
}
