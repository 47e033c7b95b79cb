import type { Principal } from './principal.ts';

/**
 * Tenant isolation, in one place for every service: staff see everything; a partner sees its
 * own partner record and its customers; a customer sees itself. Services answer 404 (not 403)
 * for another tenant's object, so ids of other tenants cannot be probed.
 */
export function canSeePartner(principal: Principal, partnerId: string | null): boolean {
  switch (principal.kind) {
    case 'owner':
    case 'admin':
    case 'analyst':
      return true;
    case 'partner':
      return partnerId !== null && principal.partnerId === partnerId;
    case 'customer':
      return false;
  }
}

export function canSeeCustomer(
  principal: Principal,
  customer: { id: string; partnerId: string | null },
): boolean {
  switch (principal.kind) {
    case 'owner':
    case 'admin':
    case 'analyst':
      return true;
    case 'partner':
      return customer.partnerId !== null && customer.partnerId === principal.partnerId;
    case 'customer':
      return customer.id === principal.customerId;
  }
}

/** A filter for list queries: `null` = everything, otherwise the one partner or customer. */
export function tenantFilter(
  principal: Principal,
): { partnerId?: string; customerId?: string } | null {
  if (principal.kind === 'partner') return { partnerId: principal.partnerId };
  if (principal.kind === 'customer') return { customerId: principal.customerId };
  return null;
}
