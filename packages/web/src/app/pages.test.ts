import { describe, expect, it } from 'vitest';
import { mayCall } from './access.ts';
import { homeOf, mayOpen, PAGES } from './pages.ts';

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
    expect(open('partner')).toEqual(['portal', 'portal-deals', 'portal-customer']);
    expect(open('customer')).toEqual(['account']);
    expect(homeOf('partner')).toBe('/portal');
    expect(homeOf('customer')).toBe('/account');
  });

  it('keeps analysts off the pages whose actions they may not take', () => {
    const analyst = open('analyst');
    expect(analyst).toContain('channels');
    expect(analyst).not.toContain('playground');
    expect(analyst).not.toContain('train');
    expect(open('owner')).toEqual(expect.arrayContaining(['playground', 'train', 'partners']));
  });

  it('never opens a page for a role that one of its routes would refuse', () => {
    for (const role of ['owner', 'admin', 'analyst', 'partner', 'customer'] as const) {
      for (const page of PAGES.filter((p) => mayOpen(role, p))) {
        for (const route of page.needs) expect(mayCall(role, route), `${role} ${route}`).toBe(true);
      }
    }
  });
});
