import { contract } from '@qudao/client';
import { describe, expect, it } from 'vitest';
import { mayCall } from './access.ts';
import {
  currentPage,
  homeOf,
  isPublicPath,
  mayOpen,
  navigationOf,
  PAGES,
  PUBLIC_PAGES,
} from './pages.ts';

const open = (role: Parameters<typeof mayOpen>[0]) =>
  PAGES.filter((p) => mayOpen(role, p)).map((p) => p.id);

/** The navigation per role, read from the routes' own access in the wire contract. */
describe('pages per role', () => {
  it('reads access from the contract', () => {
    expect(mayCall('analyst', 'serving.predict')).toBe(false);
    expect(mayCall('owner', 'serving.predict')).toBe(true);
    expect(mayCall('partner', 'reports.channels')).toBe(false);
  });

  it('gives partners their portal only and customers their account only', () => {
    expect(open('partner')).toEqual([
      'portal',
      'portal-deals',
      'portal-deal',
      'portal-programme',
      'portal-customer',
    ]);
    expect(open('customer')).toEqual(['account', 'account-try', 'account-support']);
    expect(homeOf('partner')).toBe('/portal');
    expect(homeOf('customer')).toBe('/account');
  });

  it('keeps analysts off the pages whose actions they may not take', () => {
    const analyst = open('analyst');
    expect(analyst).toContain('channels');
    expect(analyst).not.toContain('playground');
    expect(analyst).not.toContain('train');
    // The offline demo runs the model in the browser; the server's answer is shown where allowed.
    expect(analyst).toContain('model-offline');
    expect(open('owner')).toEqual(expect.arrayContaining(['playground', 'train', 'partners']));
  });

  it('never opens a page for a role that one of its routes would refuse', () => {
    for (const role of ['owner', 'admin', 'analyst', 'partner', 'customer'] as const) {
      for (const page of PAGES.filter((p) => mayOpen(role, p))) {
        for (const route of page.needs) expect(mayCall(role, route), `${role} ${route}`).toBe(true);
      }
    }
  });

  it('opens the business pages to the roles whose routes answer', () => {
    expect(open('owner')).toEqual(
      expect.arrayContaining(['applications', 'application', 'deals', 'billing', 'mdf']),
    );
    // Analysts read applications, deals and periods; the pages hide what they may not do.
    expect(open('analyst')).toEqual(expect.arrayContaining(['applications', 'deals', 'billing']));
    expect(open('partner')).not.toContain('billing');
    expect(open('customer')).not.toContain('portal-programme');
  });

  it('calls only public routes from the public pages', () => {
    for (const page of PUBLIC_PAGES) {
      for (const route of page.needs) {
        const [domain, op] = route.split('.') as [keyof typeof contract.api, string];
        const spec = (contract.api[domain] as Record<string, { access: unknown }>)[op];
        expect(spec?.access, route).toBe('public');
      }
    }
    expect(isPublicPath('/apply')).toBe(true);
    expect(isPublicPath('/apply/app_123')).toBe(true);
    expect(isPublicPath('/applications')).toBe(false);
    expect(isPublicPath('/apply/a/b')).toBe(false);
  });

  it("groups the owner's navigation and shows each role only the items it may open", () => {
    const shape = (role: Parameters<typeof navigationOf>[0]) =>
      navigationOf(role).map((e) =>
        e.kind === 'page' ? e.page.id : `${e.id}: ${e.pages.map((p) => p.id).join(' ')}`,
      );
    expect(shape('owner')).toEqual([
      'overview',
      'ml: datasets models runs train endpoints playground chat labeling',
      'business: partners customers plans applications deals billing mdf payouts programme-rules crm-import team',
      'channels',
    ]);
    // Inviting people is the owner's and admins' (an analyst reads, it invites no one).
    expect(shape('admin')[2]).toContain('team');
    expect(shape('analyst')[2]).not.toContain('team');
    // Analysts may not train or predict: those items leave the group, the group stays.
    const analyst = shape('analyst');
    expect(analyst[1]).toMatch(/^ml: datasets models runs endpoints/);
    expect(analyst[1]).not.toMatch(/train|playground/);
    expect(shape('partner')).toEqual(['portal', 'portal-deals', 'portal-programme']);
    expect(shape('customer')).toEqual(['account', 'account-try', 'account-support']);
    for (const role of ['owner', 'admin', 'analyst', 'partner', 'customer'] as const) {
      const items = navigationOf(role).flatMap((e) => (e.kind === 'page' ? [e.page] : e.pages));
      for (const page of items) expect(mayOpen(role, page), `${role} ${page.id}`).toBe(true);
      expect(navigationOf(role).every((e) => e.kind === 'page' || e.pages.length > 0)).toBe(true);
    }
  });

  it('marks the item whose page, or a page under it, is shown', () => {
    const owner = navigationOf('owner').flatMap((e) => (e.kind === 'page' ? [e.page] : e.pages));
    expect(currentPage('/', owner)?.id).toBe('overview');
    expect(currentPage('/runs/compare', owner)?.id).toBe('runs');
    expect(currentPage('/deals/deal_1', owner)?.id).toBe('deals');
    expect(currentPage('/datasetsx', owner)).toBeUndefined();
    const partner = navigationOf('partner').flatMap((e) =>
      e.kind === 'page' ? [e.page] : e.pages,
    );
    expect(currentPage('/portal/deals/d1', partner)?.id).toBe('portal-deals');
    expect(currentPage('/portal/customers/c1', partner)?.id).toBe('portal');
  });
});
