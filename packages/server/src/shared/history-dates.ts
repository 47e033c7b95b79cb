import type { AppContext } from '../context.ts';
import { type AppError, defineErrors } from './app-error.ts';
import type { Principal } from './principal.ts';

/**
 * Dates that move money or KPIs (a won deal's date earns a bounty, a customer's start picks the
 * commission rate, a subscription's start charges a fee, feedback dates make the CSAT and
 * resolution figures). Partners and customers never set them: the server's clock does. Staff
 * may give one (imports of history), but not after now, not before the object's own history
 * and never inside a closed billing period (docs/security.md, "Dates").
 */
export const historyErrors = defineErrors({
  staffOnly: [
    'request.field_staff_only',
    403,
    (field: string) =>
      `only staff (owner, admin) may set ${field}; leave it out and the server's clock sets it`,
  ],
  inFuture: [
    'request.date_in_future',
    400,
    (field: string, now: string) => `${field} cannot be later than now (${now})`,
  ],
  beforeHistory: [
    'request.date_before_history',
    400,
    (field: string, what: string, earlier: string) =>
      `${field} cannot be before ${what} (${earlier})`,
  ],
  inClosedPeriod: [
    'request.date_in_closed_period',
    409,
    (field: string, start: string, end: string) =>
      `${field} would change the closed billing period ${start} – ${end}, whose invoices and statements never change; use a date from ${end} on`,
  ],
});

export interface DateRules {
  /**
   * Which closed periods the date must stay out of: `instant` (an event: not inside one),
   * `onward` (counts in every period after it, as a subscription's start: not before the end of
   * the last closed one), `none` (changes no closed period, as a new customer's start).
   */
  closed: 'instant' | 'onward' | 'none';
  /** Earlier dates of the object's own history that the date may not precede. */
  notBefore?: readonly { at: string | null; what: string }[];
}

/** Staff who change the business; analysts only read. */
function mayDate(viewer: Principal): boolean {
  return viewer.kind === 'owner' || viewer.kind === 'admin';
}

/**
 * What is wrong with recording `at` under these rules, or null. Imports use it to refuse a row
 * before writing anything; services throw it.
 */
export async function dateProblem(
  ctx: AppContext,
  field: string,
  at: string,
  rules: DateRules,
): Promise<AppError | null> {
  const time = Date.parse(at);
  const now = ctx.clock.now();
  if (time > now.getTime()) return historyErrors.inFuture(field, now.toISOString());
  for (const earlier of rules.notBefore ?? []) {
    if (earlier.at !== null && time < Date.parse(earlier.at)) {
      return historyErrors.beforeHistory(field, earlier.what, earlier.at);
    }
  }
  if (rules.closed === 'none') return null;
  const period =
    rules.closed === 'instant' ? await ctx.periods.containing(at) : await ctx.periods.latest();
  if (period && time < Date.parse(period.end)) {
    return historyErrors.inClosedPeriod(field, period.start, period.end);
  }
  return null;
}

/** Refuses a date that would change a closed period (e.g. approving a deal won inside one). */
export async function assertOutsideClosedPeriods(
  ctx: AppContext,
  field: string,
  at: string,
): Promise<void> {
  const period = await ctx.periods.containing(at);
  if (period) throw historyErrors.inClosedPeriod(field, period.start, period.end);
}

/**
 * The date to record in a money- or KPI-moving field: the server's clock when none is given;
 * a given one only from staff and only if it passes `rules`. Answers ISO text (UTC, ms).
 */
export async function recordedDate(
  ctx: AppContext,
  viewer: Principal,
  field: string,
  given: string | null | undefined,
  rules: DateRules,
): Promise<string> {
  if (given === undefined || given === null) return ctx.clock.now().toISOString();
  if (!mayDate(viewer)) throw historyErrors.staffOnly(field);
  const problem = await dateProblem(ctx, field, given, rules);
  if (problem) throw problem;
  return new Date(given).toISOString();
}
