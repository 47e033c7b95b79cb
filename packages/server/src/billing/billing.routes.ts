import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { checkReply, mountContract } from '../shared/mount.ts';
import { billingContract } from './billing.schemas.ts';
import * as billing from './billing.service.ts';
import { invoicesCsv, statementsCsv } from './csv.ts';
import * as details from './payout-details.service.ts';
import { payoutsContract } from './payouts.schemas.ts';
import * as payouts from './payouts.service.ts';

const csv = (reply: FastifyReply, text: string) => reply.type('text/csv; charset=utf-8').send(text);

export function billingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, billingContract, {
      listRules: () => billing.listCommissionRules(ctx),
      createRule: ({ body, principal }) => billing.createCommissionRule(ctx, body, principal),
      endRule: ({ params, body, principal }) =>
        billing.endCommissionRule(ctx, params.ruleId, body, principal),
      listPeriods: () => billing.listPeriods(ctx),
      closePeriod: async ({ body, reply }) => {
        const closed = await billing.closePeriod(ctx, body);
        if (!closed.shadow) return closed;
        // A shadow close writes nothing: 200 rather than the contract's 201.
        const checked = checkReply(billingContract.closePeriod, closed, ctx.config.replyValidation);
        return reply.code(200).send(checked);
      },
      verifyPeriod: ({ params }) => billing.verifyPeriod(ctx, params.periodId),
      periodInvoicesCsv: async ({ params, principal, reply }) =>
        csv(reply, invoicesCsv(await billing.listInvoices(ctx, principal, params.periodId))),
      periodCommissionsCsv: async ({ params, principal, reply }) =>
        csv(reply, statementsCsv(await billing.listStatements(ctx, principal, params.periodId))),
      listInvoices: ({ principal }) => billing.listInvoices(ctx, principal),
      getInvoice: ({ params, principal }) => billing.getInvoice(ctx, params.invoiceId, principal),
      invoiceCsv: async ({ params, principal, reply }) =>
        csv(reply, invoicesCsv([await billing.getInvoice(ctx, params.invoiceId, principal)])),
      listWholesaleInvoices: ({ principal }) => billing.listWholesaleInvoices(ctx, principal),
      getWholesaleInvoice: ({ params, principal }) =>
        billing.getWholesaleInvoice(ctx, params.wholesaleInvoiceId, principal),
      listStatements: ({ principal }) => billing.listStatements(ctx, principal),
      getStatement: ({ params, principal }) =>
        billing.getStatement(ctx, params.statementId, principal),
      statementCsv: async ({ params, principal, reply }) =>
        csv(reply, statementsCsv([await billing.getStatement(ctx, params.statementId, principal)])),
    });
    mountContract(app, ctx, payoutsContract, {
      createCreditNote: ({ params, body, principal }) =>
        payouts.createCreditNote(ctx, params.invoiceId, body, principal),
      listCreditNotes: ({ principal }) => payouts.listCreditNotes(ctx, principal),
      getSettings: () => payouts.billingSettings(ctx),
      setSettings: ({ body, principal }) => payouts.setBillingSettings(ctx, body, principal),
      listRuns: () => payouts.listPayoutRuns(ctx),
      createRun: async ({ body, principal, reply }) => {
        const run = await payouts.createPayoutRun(ctx, body, principal);
        if (!run.shadow) return run;
        const checked = checkReply(payoutsContract.createRun, run, ctx.config.replyValidation);
        return reply.code(200).send(checked);
      },
      runCsv: async ({ params, reply }) =>
        csv(reply, await payouts.payoutRunCsv(ctx, params.runId)),
      earnings: ({ params, principal }) =>
        payouts.partnerEarnings(ctx, params.partnerId, principal),
      getPayoutDetails: ({ params, principal }) =>
        details.getPayoutDetails(ctx, params.partnerId, principal),
      setPayoutDetails: ({ params, body, principal }) =>
        details.setPayoutDetails(ctx, params.partnerId, body, principal),
    });
  };
}
