import { buildServer, createAccessToken } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QudaoClient } from './client.ts';
import type { Customer, Partner } from './types.ts';

/**
 * Partners and customers through the generated client over real HTTP, every reply checked
 * strictly against its response schema: the fields the hand-written copies had lost (a
 * partner's channel, regions and industries; a customer's region, industry, size and since)
 * arrive and are typed.
 */
let ctx: Awaited<ReturnType<typeof createTestContext>>;
let app: Awaited<ReturnType<typeof buildServer>>;
let owner: QudaoClient;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildServer(ctx);
  owner = new QudaoClient({
    baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }),
    token: ctx.ownerToken,
  });
});
afterAll(async () => {
  await app.close();
  await ctx.dispose();
});

describe('channels through the client', () => {
  it('creates, updates and reads partners and customers with every field', async () => {
    const partner: Partner = await owner.channels.createPartner({
      body: {
        name: 'Lotus',
        channel: 'integrator',
        region: 'APAC',
        regions: ['EU'],
        industries: ['retail'],
      },
    });
    expect(partner).toEqual({
      id: partner.id,
      name: 'Lotus',
      tier: 'registered',
      channel: 'integrator',
      region: 'APAC',
      regions: ['APAC', 'EU'],
      industries: ['retail'],
      model: 'referral',
      currency: 'USD',
      createdAt: partner.createdAt,
    });
    const updated = await owner.channels.updatePartner({
      params: { partnerId: partner.id },
      body: { tier: 'gold', regions: ['NA'] },
    });
    expect(updated).toMatchObject({
      tier: 'gold',
      region: 'NA',
      regions: ['NA'],
      industries: ['retail'],
    });
    expect(await owner.channels.getPartner({ params: { partnerId: partner.id } })).toEqual(updated);

    const customer: Customer = await owner.channels.createCustomer({
      body: {
        name: 'Globex',
        partnerId: partner.id,
        region: 'NA',
        industry: 'retail',
        size: 'large',
        since: '2025-01-15T00:00:00.000Z',
      },
    });
    expect(customer).toEqual({
      id: customer.id,
      name: 'Globex',
      partnerId: partner.id,
      partnerName: 'Lotus',
      region: 'NA',
      industry: 'retail',
      size: 'large',
      since: '2025-01-15T00:00:00.000Z',
      createdAt: customer.createdAt,
      attributedAt: null,
    });
    const direct = await owner.channels.createCustomer({ body: { name: 'Initech' } });
    expect(direct).toMatchObject({
      partnerId: null,
      partnerName: null,
      size: null,
      since: direct.createdAt,
    });
    expect(await owner.channels.getCustomer({ params: { customerId: customer.id } })).toEqual(
      customer,
    );
    expect((await owner.channels.listCustomers()).map((c) => c.id)).toEqual([
      customer.id,
      direct.id,
    ]);
    expect(await owner.channels.listPartners()).toEqual([updated]);
  });

  it("narrows a partner to its own record and customers, and refuses another partner's", async () => {
    const mine = await owner.channels.createPartner({ body: { name: 'Maple' } });
    const other = await owner.channels.createPartner({ body: { name: 'Andes' } });
    const token = await createAccessToken(ctx, {
      role: 'partner',
      name: 'maple',
      partnerId: mine.id,
    });
    const partner = owner.withToken(token.token);
    expect((await partner.channels.listPartners()).map((p) => p.id)).toEqual([mine.id]);
    const created = await partner.channels.createCustomer({ body: { name: 'Hooli' } });
    expect(created.partnerId).toBe(mine.id);
    await expect(
      partner.channels.createCustomer({ body: { name: 'Umbrella', partnerId: other.id } }),
    ).rejects.toMatchObject({ status: 404, code: 'channels.partner_not_found' });
    await expect(
      partner.channels.getPartner({ params: { partnerId: other.id } }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'channels.partner_not_found',
    });
    await expect(
      partner.channels.updatePartner({
        params: { partnerId: mine.id },
        body: { tier: 'platinum' },
      }),
    ).rejects.toMatchObject({ status: 403, code: 'auth.forbidden' });
  });

  it('answers request.invalid for a body outside the schema', async () => {
    await expect(
      owner.channels.createPartner({ body: { name: 'X', tier: 'diamond' as 'gold' } }),
    ).rejects.toMatchObject({ status: 400, code: 'request.invalid' });
  });
});
