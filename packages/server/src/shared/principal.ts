/**
 * Who is calling. The owner holds the workspace's owner token; admins and analysts are staff
 * with access tokens; a partner holds a partner access token and acts for its own customers
 * only; a customer calls with an API key and sees only itself.
 */
export type Principal =
  | { kind: 'owner' }
  | { kind: 'admin'; tokenId: string }
  | { kind: 'analyst'; tokenId: string }
  | { kind: 'partner'; partnerId: string; tokenId: string }
  | {
      kind: 'customer';
      customerId: string;
      partnerId: string | null;
      apiKeyId: string;
      /** Product ids the key may call; null = every product. */
      products?: string[] | null;
      /** The key's money budget per monthly period (minor units); null or absent: none. */
      budget?: { id: string; minor: number } | null;
    };

export { type Access, ROLES, type Role } from './roles.ts';

/** The principal of in-process callers (CLI, tests): the owner. */
export const OWNER: Principal = { kind: 'owner' };

/** Owner and admins manage; analysts read everything but change nothing. */
export function isStaff(principal: Principal): boolean {
  return principal.kind === 'owner' || principal.kind === 'admin' || principal.kind === 'analyst';
}
