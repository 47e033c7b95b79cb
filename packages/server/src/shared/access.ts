import { ACCESS, type Access, type Role } from './roles.ts';

/** Route options declaring that exactly these roles may call a route (see auth.plugin). */
export function roles(...allowed: Role[]) {
  return { config: { access: allowed as Access } };
}

const options = (rule: Access) => ({ config: { access: rule } });

/**
 * Route options for routes not (yet) declared through a contract; the rules themselves live in
 * roles.ts (`ACCESS`), which contracts use directly.
 */
export const access = {
  owner: options(ACCESS.owner),
  ownerOrCustomer: options(ACCESS.ownerOrCustomer),
  public: options(ACCESS.public),
  staff: options(ACCESS.staff),
  staffRead: options(ACCESS.staffRead),
  staffOrPartner: options(ACCESS.staffOrPartner),
  readStaffOrPartner: options(ACCESS.readStaffOrPartner),
  anyone: options(ACCESS.anyone),
  anyoneWriting: options(ACCESS.anyoneWriting),
  roles,
};
