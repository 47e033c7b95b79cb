import type { Role } from './principal.ts';

/** Route options declaring that exactly these roles may call a route (see auth.plugin). */
export function roles(...allowed: Role[]) {
  return { config: { access: allowed } };
}

/**
 * Route options that declare who may call a route; see auth.plugin. Which objects a partner or
 * customer may reach inside an allowed route is decided by the domain service from
 * `request.principal` (another tenant's object answers 404).
 */
export const access = {
  owner: roles('owner'),
  ownerOrCustomer: roles('owner', 'customer'),
  public: { config: { access: 'public' as const } },
  /** Change the business: the owner and admins. */
  staff: roles('owner', 'admin'),
  /** Read the business: the owner, admins and analysts. */
  staffRead: roles('owner', 'admin', 'analyst'),
  /** Staff, and partners for their own objects. */
  staffOrPartner: roles('owner', 'admin', 'partner'),
  /** Staff and analysts, and partners for their own objects. */
  readStaffOrPartner: roles('owner', 'admin', 'analyst', 'partner'),
  /** Everyone signed in; services narrow partners and customers to their own objects. */
  anyone: roles('owner', 'admin', 'analyst', 'partner', 'customer'),
  /** Everyone but analysts (who only read). */
  anyoneWriting: roles('owner', 'admin', 'partner', 'customer'),
  roles,
};
