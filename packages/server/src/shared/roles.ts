/** The roles a caller can have (pure: imported by the wire contract and the console). */
export const ROLES = ['owner', 'admin', 'analyst', 'partner', 'customer'] as const;

export type Role = (typeof ROLES)[number];

/** Who may call a route: a list of roles, or anyone (no credentials). */
export type Access = readonly Role[] | 'public';

/**
 * The access rules routes declare, by name (see auth.plugin for the check). Which objects a
 * partner or customer may reach inside an allowed route is decided by the domain service.
 */
export const ACCESS = {
  public: 'public',
  owner: ['owner'],
  ownerOrCustomer: ['owner', 'customer'],
  /** Change the business: the owner and admins. */
  staff: ['owner', 'admin'],
  /** Read the business: the owner, admins and analysts. */
  staffRead: ['owner', 'admin', 'analyst'],
  /** Staff, and customers (calling an endpoint with their API key). */
  staffOrCustomer: ['owner', 'admin', 'customer'],
  /** Staff, and partners for their own objects. */
  staffOrPartner: ['owner', 'admin', 'partner'],
  /** Staff and analysts, and partners for their own objects. */
  readStaffOrPartner: ['owner', 'admin', 'analyst', 'partner'],
  /** Everyone signed in; services narrow partners and customers to their own objects. */
  anyone: ['owner', 'admin', 'analyst', 'partner', 'customer'],
  /** Everyone but analysts (who only read). */
  anyoneWriting: ['owner', 'admin', 'partner', 'customer'],
  partner: ['partner'],
} as const satisfies Record<string, Access>;
