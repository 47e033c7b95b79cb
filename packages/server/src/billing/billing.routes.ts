import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import {
  type ClosePeriodInput,
  type CreateCommissionRuleInput,
  InvoiceParams,
  PeriodParams,
  StatementParams,
} from './billing.schemas.ts';
import * as billing from './billing.service.ts';
import { invoicesCsv, statementsCsv } from './csv.ts';

const CSV = 'text/csv; charset=utf-8';

export function billingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/commission-rules', access.staffRead, () => billing.listCommissionRules(ctx));
    app.post('/api/v1/commission-rules', access.staff, async (request, reply) => {
      reply.code(201);
      return billing.createCommissionRule(ctx, request.body as CreateCommissionRuleInput);
    });

    app.get('/api/v1/billing/periods', access.staffRead, () => billing.listPeriods(ctx));
    app.post('/api/v1/billing/periods', access.staff, async (request, reply) => {
      const result = await billing.closePeriod(ctx, request.body as ClosePeriodInput);
      reply.code(result.shadow ? 200 : 201);
      return result;
    });
    app.get('/api/v1/billing/periods/:periodId/verify', access.staffRead, async (request) => {
      const { periodId } = parseInput(PeriodParams, request.params);
      return billing.verifyPeriod(ctx, periodId);
    });
    app.get(
      '/api/v1/billing/periods/:periodId/invoices.csv',
      access.staffRead,
      async (request, reply) => {
        const { periodId } = parseInput(PeriodParams, request.params);
        reply.type(CSV);
        return invoicesCsv(await billing.listInvoices(ctx, request.principal!, periodId));
      },
    );
    app.get(
      '/api/v1/billing/periods/:periodId/commissions.csv',
      access.staffRead,
      async (request, reply) => {
        const { periodId } = parseInput(PeriodParams, request.params);
        reply.type(CSV);
        return statementsCsv(await billing.listStatements(ctx, request.principal!, periodId));
      },
    );

    app.get('/api/v1/invoices', access.anyone, (request) =>
      billing.listInvoices(ctx, request.principal!),
    );
    app.get('/api/v1/invoices/:invoiceId', access.anyone, async (request) => {
      const { invoiceId } = parseInput(InvoiceParams, request.params);
      return billing.getInvoice(ctx, invoiceId, request.principal!);
    });
    app.get('/api/v1/invoices/:invoiceId/csv', access.anyone, async (request, reply) => {
      const { invoiceId } = parseInput(InvoiceParams, request.params);
      const invoice = await billing.getInvoice(ctx, invoiceId, request.principal!);
      reply.type(CSV);
      return invoicesCsv([invoice]);
    });
    app.get('/api/v1/commission-statements', access.readStaffOrPartner, (request) =>
      billing.listStatements(ctx, request.principal!),
    );
    app.get(
      '/api/v1/commission-statements/:statementId',
      access.readStaffOrPartner,
      async (request) => {
        const { statementId } = parseInput(StatementParams, request.params);
        return billing.getStatement(ctx, statementId, request.principal!);
      },
    );
    app.get(
      '/api/v1/commission-statements/:statementId/csv',
      access.readStaffOrPartner,
      async (request, reply) => {
        const { statementId } = parseInput(StatementParams, request.params);
        const statement = await billing.getStatement(ctx, statementId, request.principal!);
        reply.type(CSV);
        return statementsCsv([statement]);
      },
    );
  };
}
