import type { Role, RouteName } from './access.ts';
import { isStaff, mayCallAll } from './access.ts';

/** Who a page is written for: staff (owner, admins, analysts), a partner, a customer. */
export type Audience = 'staff' | 'partner' | 'customer';

export interface PageSpec {
  id: string;
  /** The URL (react-router pattern). */
  path: string;
  /** Navigation label key (app.messages.ts); pages without one are reached by links. */
  nav?:
    | 'nav.overview'
    | 'nav.datasets'
    | 'nav.models'
    | 'nav.runs'
    | 'nav.train'
    | 'nav.endpoints'
    | 'nav.playground'
    | 'nav.chat'
    | 'nav.labeling'
    | 'nav.channels'
    | 'nav.partners'
    | 'nav.customers'
    | 'nav.plans'
    | 'nav.portal'
    | 'nav.deals'
    | 'nav.applications'
    | 'nav.pipeline'
    | 'nav.billing'
    | 'nav.mdf'
    | 'nav.programme'
    | 'nav.account';
  audience: Audience;
  /** Every API route the page calls on load or offers as an action it cannot do without. */
  needs: readonly RouteName[];
}

/** Every page of the console, in navigation order. */
export const PAGES: readonly PageSpec[] = [
  {
    id: 'overview',
    path: '/',
    nav: 'nav.overview',
    audience: 'staff',
    needs: ['data.list', 'registry.list'],
  },
  {
    id: 'datasets',
    path: '/datasets',
    nav: 'nav.datasets',
    audience: 'staff',
    needs: ['data.list'],
  },
  {
    id: 'dataset',
    path: '/datasets/:name',
    audience: 'staff',
    needs: ['data.versions', 'data.report', 'data.rows'],
  },
  { id: 'models', path: '/models', nav: 'nav.models', audience: 'staff', needs: ['registry.list'] },
  { id: 'runs', path: '/runs', nav: 'nav.runs', audience: 'staff', needs: ['training.listRuns'] },
  {
    id: 'compare-runs',
    path: '/runs/compare',
    audience: 'staff',
    needs: ['training.listRuns'],
  },
  { id: 'run', path: '/runs/:runId', audience: 'staff', needs: ['training.listRuns'] },
  {
    id: 'train',
    path: '/training/new',
    nav: 'nav.train',
    audience: 'staff',
    needs: ['training.start', 'data.list', 'training.getRun'],
  },
  {
    id: 'endpoints',
    path: '/endpoints',
    nav: 'nav.endpoints',
    audience: 'staff',
    needs: ['serving.listEndpoints'],
  },
  {
    id: 'endpoint',
    path: '/endpoints/:name',
    audience: 'staff',
    needs: ['serving.getEndpoint', 'traffic.history', 'monitoring.live', 'monitoring.alerts'],
  },
  {
    id: 'playground',
    path: '/playground',
    nav: 'nav.playground',
    audience: 'staff',
    needs: ['serving.listEndpoints', 'serving.predict'],
  },
  {
    id: 'playground-endpoint',
    path: '/playground/:endpoint',
    audience: 'staff',
    needs: ['serving.listEndpoints', 'serving.predict'],
  },
  {
    id: 'chat',
    path: '/chat',
    nav: 'nav.chat',
    audience: 'staff',
    needs: ['gateway.listModels', 'gateway.chatCompletions'],
  },
  {
    id: 'chat-endpoint',
    path: '/chat/:endpoint',
    audience: 'staff',
    needs: ['gateway.listModels', 'gateway.chatCompletions'],
  },
  {
    id: 'labeling',
    path: '/labeling',
    nav: 'nav.labeling',
    audience: 'staff',
    needs: ['data.list', 'labeling.next'],
  },
  {
    id: 'channels',
    path: '/channels',
    nav: 'nav.channels',
    audience: 'staff',
    needs: ['reports.channels'],
  },
  {
    id: 'partners',
    path: '/partners',
    nav: 'nav.partners',
    audience: 'staff',
    needs: ['channels.listPartners'],
  },
  {
    id: 'customers',
    path: '/customers',
    nav: 'nav.customers',
    audience: 'staff',
    needs: ['channels.listCustomers'],
  },
  {
    id: 'customer',
    path: '/customers/:customerId',
    audience: 'staff',
    needs: ['channels.getCustomer', 'auth.listKeys'],
  },
  {
    id: 'plans',
    path: '/plans',
    nav: 'nav.plans',
    audience: 'staff',
    needs: ['plans.listPlans', 'plans.listProducts'],
  },
  {
    id: 'applications',
    path: '/applications',
    nav: 'nav.applications',
    audience: 'staff',
    needs: ['applications.list', 'referrals.listEvents'],
  },
  {
    id: 'application',
    path: '/applications/:applicationId',
    audience: 'staff',
    needs: ['applications.list', 'referrals.listEvents'],
  },
  {
    id: 'deals',
    path: '/deals',
    nav: 'nav.pipeline',
    audience: 'staff',
    needs: ['deals.list', 'channels.listPartners'],
  },
  {
    id: 'deal',
    path: '/deals/:dealId',
    audience: 'staff',
    needs: ['deals.list', 'channels.listPartners', 'referrals.listEvents'],
  },
  {
    id: 'billing',
    path: '/billing',
    nav: 'nav.billing',
    audience: 'staff',
    needs: [
      'billing.listPeriods',
      'billing.listInvoices',
      'billing.listStatements',
      'channels.listCustomers',
      'channels.listPartners',
    ],
  },
  {
    id: 'mdf',
    path: '/mdf',
    nav: 'nav.mdf',
    audience: 'staff',
    needs: ['programme.listMdf', 'channels.listPartners'],
  },
  {
    id: 'portal',
    path: '/portal',
    nav: 'nav.portal',
    audience: 'partner',
    needs: ['channels.listCustomers', 'metering.usage', 'billing.listStatements'],
  },
  {
    id: 'portal-deals',
    path: '/portal/deals',
    nav: 'nav.deals',
    audience: 'partner',
    needs: ['deals.list', 'deals.create'],
  },
  {
    id: 'portal-deal',
    path: '/portal/deals/:dealId',
    audience: 'partner',
    needs: ['deals.list', 'referrals.listEvents'],
  },
  {
    id: 'portal-programme',
    path: '/portal/programme',
    nav: 'nav.programme',
    audience: 'partner',
    needs: [
      'payouts.earnings',
      'tierRules.progress',
      'programme.listMdf',
      'programme.requestMdf',
      'billing.listStatements',
    ],
  },
  {
    id: 'portal-customer',
    path: '/portal/customers/:customerId',
    audience: 'partner',
    needs: ['channels.getCustomer', 'auth.listKeys'],
  },
  {
    id: 'account',
    path: '/account',
    nav: 'nav.account',
    audience: 'customer',
    needs: ['auth.listKeys', 'metering.usage', 'billing.listInvoices'],
  },
];

function audienceOf(role: Role): Audience {
  if (isStaff(role)) return 'staff';
  return role === 'partner' ? 'partner' : 'customer';
}

/** Whether `role` may open the page: its audience, and every route it needs answers for it. */
export function mayOpen(role: Role, page: PageSpec): boolean {
  return page.audience === audienceOf(role) && mayCallAll(role, page.needs);
}

export function pageById(id: string): PageSpec {
  const page = PAGES.find((p) => p.id === id);
  if (!page) throw new Error(`no page ${id}`);
  return page;
}

/** The page a role lands on at `/`. */
export function homeOf(role: Role): string {
  const audience = audienceOf(role);
  if (audience === 'partner') return '/portal';
  if (audience === 'customer') return '/account';
  return '/';
}

/** A page anyone opens without signing in (`App.tsx` draws it before the sign-in screen). */
export interface PublicPageSpec {
  id: string;
  path: string;
  /** The routes it calls: every one must be open to anyone (`access: 'public'`). */
  needs: readonly RouteName[];
}

/** The public pages: the partner application and the applicant's own page. */
export const PUBLIC_PAGES: readonly PublicPageSpec[] = [
  { id: 'apply', path: '/apply', needs: ['applications.submit'] },
  {
    id: 'application-status',
    path: '/apply/:applicationId',
    needs: [
      'applications.mine',
      'applications.reply',
      'applications.currentTerms',
      'applications.acceptTerms',
    ],
  },
];

/** Whether `pathname` is a public page (`/apply`, `/apply/<id>`). */
export function isPublicPath(pathname: string): boolean {
  return /^\/apply(\/[^/]+)?\/?$/.test(pathname);
}
