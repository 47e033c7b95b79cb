import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { channelsContract } from './channels.schemas.ts';
import * as channels from './channels.service.ts';
import { listEvents } from './partner-events.service.ts';
import { referralsContract } from './referrals.schemas.ts';
import * as referrals from './referrals.service.ts';

export function channelRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, channelsContract, {
      listPartners: ({ principal }) => channels.listPartners(ctx, principal),
      createPartner: ({ body }) => channels.createPartner(ctx, body),
      getPartner: ({ params, principal }) => channels.getPartner(ctx, params.partnerId, principal),
      updatePartner: ({ params, body, principal }) =>
        channels.updatePartner(ctx, params.partnerId, body, principal),
      listCustomers: ({ principal }) => channels.listCustomers(ctx, principal),
      createCustomer: ({ body, principal }) => channels.createCustomer(ctx, body, principal),
      getCustomer: ({ params, principal }) =>
        channels.getCustomer(ctx, params.customerId, principal),
    });
    mountContract(app, ctx, referralsContract, {
      listCodes: ({ params, principal }) =>
        channels.listPartnerReferralCodes(ctx, params.partnerId, principal),
      createCode: ({ params, body, principal }) =>
        channels.createPartnerReferralCode(ctx, params.partnerId, body, principal),
      touch: ({ body }) => referrals.recordTouch(ctx, body),
      getSettings: () => referrals.referralSettings(ctx),
      setSettings: ({ body, principal }) => referrals.setReferralSettings(ctx, body, principal),
      listEvents: ({ query, principal }) => listEvents(ctx, query, principal),
    });
  };
}
