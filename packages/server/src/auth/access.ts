import type { Role } from './principal.ts';

/** Route options that declare who may call a route; see auth.plugin. */
export const access = {
  owner: { config: { access: ['owner'] as Role[] } },
  ownerOrCustomer: { config: { access: ['owner', 'customer'] as Role[] } },
  public: { config: { access: 'public' as const } },
};
