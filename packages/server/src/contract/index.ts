/**
 * The whole wire contract of the REST API, one entry per domain. Pure: it imports only the
 * domains' schema files (zod), so the client and the console import it at run time in the
 * browser, and the OpenAPI document (http/openapi.ts) is generated from it.
 */
import { authContract } from '../auth/auth.schemas.ts';
import { channelsContract } from '../channels/channels.schemas.ts';
import { dealsContract } from '../deals/deals.schemas.ts';
import { systemContract } from '../http/system.schemas.ts';
import { plansContract } from '../plans/plans.schemas.ts';

export const api = {
  auth: authContract,
  channels: channelsContract,
  deals: dealsContract,
  plans: plansContract,
  system: systemContract,
};

export type Api = typeof api;
export * from '../auth/auth.schemas.ts';
export { ACCESS, type Access, ROLES, type Role } from '../auth/roles.ts';
export * from '../channels/channels.schemas.ts';
export * from '../deals/deals.schemas.ts';
export * from '../http/system.schemas.ts';
export * from '../plans/plans.schemas.ts';
export {
  type Contract,
  ErrorBodySchema,
  type RouteContract,
} from '../shared/contract.ts';
