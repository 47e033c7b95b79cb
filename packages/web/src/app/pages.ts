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
    | 'nav.payouts'
    | 'nav.rules'
    | 'nav.crmImport'
    | 'nav.programme'
    | 'nav.team'
    | 'nav.account'
    | 'nav.tryIt'
    | 'nav.support';
  /** The navigation group the page's link sits in (`NAV_GROUPS`); none: a link of its own. */
  group?: NavGroupId;
  audience: Audience;
  /** Every API route the page calls on load or offers as an action it cannot do without. */
  needs: readonly RouteName[];
}

/** The navigation's groups: the owner has over twenty pages, a row of links would wrap. */
export type NavGroupId = 'ml' | 'business';

export const NAV_GROUPS: readonly {
  id: NavGroupId;
  label: 'nav.group.ml' | 'nav.group.business';
}[] = [
  { id: 'ml', label: 'nav.group.ml' },
  { id: 'business', label: 'nav.group.business' },
];

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
    group: 'ml',
    audience: 'staff',
    needs: ['data.list'],
  },
  {
    id: 'dataset',
    path: '/datasets/:name',
    audience: 'staff',
    needs: ['data.versions', 'data.report', 'data.rows'],
  },
  {
    id: 'models',
    path: '/models',
    nav: 'nav.models',
    group: 'ml',
    audience: 'staff',
    needs: ['registry.list'],
  },
  {
    id: 'runs',
    path: '/runs',
    nav: 'nav.runs',
    group: 'ml',
    audience: 'staff',
    needs: ['training.listRuns'],
  },
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
    group: 'ml',
    audience: 'staff',
    needs: ['training.start', 'data.list', 'training.getRun'],
  },
  {
    id: 'search-new',
    path: '/training/new/search',
    audience: 'staff',
    needs: ['training.startSearch', 'data.list', 'training.getJob'],
  },
  {
    id: 'cross-validation-new',
    path: '/training/new/cross-validation',
    audience: 'staff',
    needs: ['training.startCrossValidation', 'data.list', 'training.getJob'],
  },
  { id: 'training-jobs', path: '/training/jobs', audience: 'staff', needs: ['training.listJobs'] },
  {
    id: 'training-job',
    path: '/training/jobs/:jobId',
    audience: 'staff',
    needs: ['training.getJob'],
  },
  {
    id: 'model',
    path: '/models/:name',
    audience: 'staff',
    needs: ['registry.list', 'registry.listAliases', 'registry.events'],
  },
  {
    id: 'model-version',
    path: '/models/:name/versions/:version',
    audience: 'staff',
    needs: ['registry.getVersion', 'registry.getCard'],
  },
  {
    id: 'model-offline',
    path: '/models/:name/versions/:version/offline',
    audience: 'staff',
    // The server's answer beside the browser's is optional: without predict it says so.
    needs: [
      'registry.getVersion',
      'registry.tfjsModel',
      'registry.tfjsWeights',
      'serving.listEndpoints',
    ],
  },
  {
    id: 'endpoints',
    path: '/endpoints',
    nav: 'nav.endpoints',
    group: 'ml',
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
    group: 'ml',
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
    group: 'ml',
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
    group: 'ml',
    audience: 'staff',
    needs: ['data.list', 'labeling.next'],
  },
  {
    id: 'partners',
    path: '/partners',
    nav: 'nav.partners',
    group: 'business',
    audience: 'staff',
    needs: ['channels.listPartners'],
  },
  {
    id: 'customers',
    path: '/customers',
    nav: 'nav.customers',
    group: 'business',
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
    group: 'business',
    audience: 'staff',
    needs: ['plans.listPlans', 'plans.listProducts'],
  },
  {
    id: 'applications',
    path: '/applications',
    nav: 'nav.applications',
    group: 'business',
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
    group: 'business',
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
    group: 'business',
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
    group: 'business',
    audience: 'staff',
    needs: ['programme.listMdf', 'channels.listPartners'],
  },
  {
    id: 'payouts',
    path: '/payouts',
    nav: 'nav.payouts',
    group: 'business',
    audience: 'staff',
    needs: [
      'payouts.getSettings',
      'payouts.listRuns',
      'payouts.listCreditNotes',
      'billing.listInvoices',
      'channels.listPartners',
      'channels.listCustomers',
    ],
  },
  {
    id: 'programme-rules',
    path: '/programme-rules',
    nav: 'nav.rules',
    group: 'business',
    audience: 'staff',
    needs: [
      'billing.listRules',
      'tierRules.getRules',
      'tierRules.listReviews',
      'channels.listPartners',
      'plans.listProducts',
    ],
  },
  {
    id: 'crm-import',
    path: '/crm-import',
    nav: 'nav.crmImport',
    group: 'business',
    audience: 'staff',
    needs: ['imports.crm', 'channels.listPartners', 'channels.listCustomers', 'deals.list'],
  },
  {
    id: 'team',
    path: '/team',
    nav: 'nav.team',
    group: 'business',
    audience: 'staff',
    needs: ['invitations.list', 'invitations.create', 'channels.listCustomers'],
  },
  {
    id: 'channels',
    path: '/channels',
    nav: 'nav.channels',
    audience: 'staff',
    needs: ['reports.channels', 'market.listCells'],
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
  {
    id: 'account-try',
    path: '/account/try',
    nav: 'nav.tryIt',
    audience: 'customer',
    needs: [
      'plans.listSubscriptions',
      'plans.listProducts',
      'gateway.listModels',
      'serving.predict',
      'gateway.chatCompletions',
    ],
  },
  {
    id: 'account-support',
    path: '/account/support',
    nav: 'nav.support',
    audience: 'customer',
    needs: [
      'intelligence.inquiries',
      'intelligence.submitInquiry',
      'feedback.list',
      'feedback.create',
    ],
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

/** One entry of the navigation: a page's own link, or a group of links (a disclosure menu). */
export type NavEntry =
  | { kind: 'page'; page: PageSpec }
  | {
      kind: 'group';
      id: NavGroupId;
      label: (typeof NAV_GROUPS)[number]['label'];
      pages: PageSpec[];
    };

/**
 * What the navigation shows `role`: the pages with a label it may open (`mayOpen`, the one rule),
 * each group where its first page stands; a group with no page open to the role is left out.
 */
export function navigationOf(role: Role): NavEntry[] {
  const entries: NavEntry[] = [];
  for (const page of PAGES) {
    if (!page.nav || !mayOpen(role, page)) continue;
    if (!page.group) {
      entries.push({ kind: 'page', page });
      continue;
    }
    const group = entries.find((e) => e.kind === 'group' && e.id === page.group);
    if (group?.kind === 'group') group.pages.push(page);
    else {
      const spec = NAV_GROUPS.find((g) => g.id === page.group)!;
      entries.push({ kind: 'group', id: spec.id, label: spec.label, pages: [page] });
    }
  }
  return entries;
}

/** The navigation entry holding `pathname` (an item's own page or one reached from it). */
export function currentPage(pathname: string, pages: readonly PageSpec[]): PageSpec | undefined {
  const matches = (page: PageSpec) =>
    page.path === '/'
      ? pathname === '/'
      : pathname === page.path || pathname.startsWith(`${page.path}/`);
  // The longest path wins: `/portal/deals/…` is the deals item, not the portal's.
  return [...pages].filter(matches).sort((a, b) => b.path.length - a.path.length)[0];
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
