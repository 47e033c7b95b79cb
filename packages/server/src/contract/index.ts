/**
 * The whole wire contract of the REST API, one entry per domain. Pure: it imports only the
 * domains' schema files (zod), so the client and the console import it at run time in the
 * browser, and the OpenAPI document (http/openapi.ts) is generated from it.
 */
import { billingContract } from '../billing/billing.schemas.ts';
import { dealsContract } from '../deals/deals.schemas.ts';
import { feedbackContract } from '../feedback/feedback.schemas.ts';
import { importsContract } from '../imports/imports.schemas.ts';
import { marketContract } from '../market/market.schemas.ts';
import { meteringContract } from '../metering/metering.schemas.ts';
import { programmeContract } from '../programme/programme.schemas.ts';
import { reportsContract } from '../reports/reports.schemas.ts';

export const api = {
  billing: billingContract,
  deals: dealsContract,
  feedback: feedbackContract,
  imports: importsContract,
  market: marketContract,
  metering: meteringContract,
  programme: programmeContract,
  reports: reportsContract,
};

export type Api = typeof api;
export { ACCESS, type Access, ROLES, type Role } from '../auth/roles.ts';
export * from '../billing/billing.schemas.ts';
export * from '../deals/deals.schemas.ts';
export * from '../feedback/feedback.schemas.ts';
export * from '../imports/imports.schemas.ts';
export * from '../market/market.schemas.ts';
export * from '../metering/metering.schemas.ts';
export * from '../programme/programme.schemas.ts';
export * from '../reports/reports.schemas.ts';
export {
  type Contract,
  ErrorBodySchema,
  type RouteContract,
} from '../shared/contract.ts';
