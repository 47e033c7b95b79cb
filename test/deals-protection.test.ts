import {
  buildServer,
  closePeriod,
  createAccessToken,
  createCommissionRule,
  createDeal,
  createPartner,
  decideRegistration,
  listPartnerEvents,
  moveDeal,
  setProtectionSettings,
  sweepRegistrations,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;

/**
 * Deal registration protection: a window per tier from approval, a reminder before the end, an
 * extension the partner asks for and the owner grants, expiry (an expired registration neither
 * blocks another partner's nor earns a bounty) and the owner's override with a reason.
 */
describe('deal registration protection', () => {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let first: { id: string; token: string };
  let second: string;
  let dealId: string;
  const as = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    app = await buildServer(ctx);
    await app.ready();
    const p1 = await createPartner(ctx, { name: 'First In' });
    const token = await createAccessToken(ctx, { role: 'partner', name: 'p1', partnerId: p1.id });
    first = { id: p1.id, token: token.token };
    second = (await createPartner(ctx, { name: 'Second' })).id;
    await createCommissionRule(ctx, { tier: 'registered', rateBps: 1000, bountyMinor: 50000 });
    await setProtectionSettings(ctx, {
      windows: { registered: 90, silver: 120, gold: 180, platinum: null },
      reminderDays: 14,
    });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it("protects an approved registration for its tier's window and blocks another partner", async () => {
    const deal = (await as(first.token, 'POST', '/api/v1/deals', { company: 'Wayne Corp' })).json();
    dealId = deal.id;
    const approved = await decideRegistration(ctx, dealId, 'approved');
    expect(approved).toMatchObject({
      protection: 'active',
      protectedUntil: new Date(Date.parse('2030-01-01T00:00:00Z') + 90 * DAY).toISOString(),
    });
    const rival = await createDeal(ctx, { company: 'wayne corp', partnerId: second });
    expect(rival.conflictDealId).toBe(dealId);
    const refused = await as(ctx.ownerToken, 'POST', `/api/v1/deals/${rival.id}/approve`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('deals.registration_conflict');
  });

  it('reminds the partner before the end, once, and extends on the owner’s approval', async () => {
    clock.set(new Date(Date.parse('2030-01-01T00:00:00Z') + 80 * DAY));
    expect(await sweepRegistrations(ctx)).toMatchObject({ reminders: 1, expired: 0 });
    expect(await sweepRegistrations(ctx)).toMatchObject({ reminders: 0, expired: 0 });
    const asked = await as(first.token, 'POST', `/api/v1/deals/${dealId}/extension`, {
      days: 30,
      reason: 'procurement takes a quarter',
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().extension).toEqual({
      days: 30,
      reason: 'procurement takes a quarter',
      status: 'requested',
    });
    const twice = await as(first.token, 'POST', `/api/v1/deals/${dealId}/extension`, {
      days: 10,
      reason: 'again',
    });
    expect(twice.statusCode).toBe(409);
    const granted = await as(ctx.ownerToken, 'POST', `/api/v1/deals/${dealId}/extension/approve`);
    expect(granted.json().protectedUntil).toBe(
      new Date(Date.parse('2030-01-01T00:00:00Z') + 120 * DAY).toISOString(),
    );
    const events = await listPartnerEvents(ctx, { subjectId: dealId });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'registration_expiring',
        'extension_requested',
        'extension_approved',
      ]),
    );
  });

  it('expires: no longer blocks another partner, and a win after it earns no bounty', async () => {
    clock.set(new Date(Date.parse('2030-01-01T00:00:00Z') + 121 * DAY));
    expect(await sweepRegistrations(ctx)).toMatchObject({ expired: 1 });
    const view = await as(ctx.ownerToken, 'GET', `/api/v1/deals/${dealId}`);
    expect(view.json().protection).toBe('expired');
    const rival = await createDeal(ctx, { company: 'Wayne Corp', partnerId: second });
    expect(rival.conflictDealId).toBeNull();
    for (const stage of ['qualified', 'proposal', 'won'] as const) {
      await moveDeal(ctx, dealId, { stage });
    }
    clock.set('2030-06-01T00:00:00.000Z');
    const may = await closePeriod(ctx, {
      start: '2030-05-01T00:00:00.000Z',
      end: '2030-06-01T00:00:00.000Z',
    });
    expect(may.statements).toEqual([]);
  });

  it('lets the owner override the end with a reason; an end in the past is refused', async () => {
    const other = await createDeal(ctx, { company: 'Stark', partnerId: first.id });
    await decideRegistration(ctx, other.id, 'approved');
    const past = await as(ctx.ownerToken, 'POST', `/api/v1/deals/${other.id}/protection`, {
      until: '2030-01-01T00:00:00.000Z',
      reason: 'typo',
    });
    expect(past.statusCode).toBe(400);
    const set = await as(ctx.ownerToken, 'POST', `/api/v1/deals/${other.id}/protection`, {
      until: '2031-01-01T00:00:00.000Z',
      reason: 'strategic account',
    });
    expect(set.json()).toMatchObject({
      protectedUntil: '2031-01-01T00:00:00.000Z',
      overrideReason: 'strategic account',
      protection: 'active',
    });
  });
});
