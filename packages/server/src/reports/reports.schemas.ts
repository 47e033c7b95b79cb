import { z } from 'zod';
import { IntelligenceReportSchema } from '../intelligence/intelligence.schemas.ts';
import { STRATEGY_MODES } from '../market/market.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

const currency = CurrencySchema;

export const ReportQuerySchema = z.object({
  /**
   * A month, `YYYY-MM`, or `mtd` for the current month so far; default: the last complete
   * month (the current one has barely begun on most days).
   */
  period: z
    .string()
    .regex(/^(\d{4}-(0[1-9]|1[0-2])|mtd)$/, 'period is a month, YYYY-MM, or mtd (month to date)')
    .optional(),
  /** Price of one hour of measured inference time, in minor units (default 3600: 1¢ a second). */
  computeCostPerHourMinor: z.coerce.number().int().nonnegative().default(3600),
  costCurrency: currency.default('USD'),
  /**
   * The currency totals are converted into, with the owner's exchange rates (default: the cost
   * currency). Without a rate for a currency, totals stay per currency and are never summed.
   */
  currency: currency.optional(),
});

export type ReportQuery = z.input<typeof ReportQuerySchema>;

export const SetExchangeRateSchema = z
  .object({
    from: currency,
    to: currency,
    /** Units of `to` for one unit of `from` (major units: 1 USD = 7.1 CNY is from USD, to CNY, 7.1). */
    rate: z.number().positive('a rate is a positive number').max(1e9),
  })
  .strict();

export const ExchangeRateParams = z.object({ from: currency, to: currency });

export const ExchangeRateSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    rate: z.number(),
    updatedAt: Instant,
  })
  .meta({ id: 'ExchangeRate' });

export type SetExchangeRateInput = z.input<typeof SetExchangeRateSchema>;
export type ExchangeRateView = z.infer<typeof ExchangeRateSchema>;

const share = z.number().nullable();
const int = z.number().int();

export const MoneyRowSchema = z
  .object({
    name: z.string(),
    /** Partner rows: the partner's id (names need not be unique), null for direct sales. */
    partnerId: z.string().nullable().optional(),
    currency: z.string(),
    calls: int,
    revenueMinor: int,
    commissionMinor: int,
    computeCostMinor: int,
    marginMinor: int,
  })
  .meta({ id: 'MoneyRow' });

/** The period's money in one currency: never a sum over currencies. */
export const MoneyTotalSchema = z
  .object({
    currency: z.string(),
    revenueMinor: int,
    commissionMinor: int,
    computeCostMinor: int,
    marginMinor: int,
    /** Revenue from customers sold through partners. */
    partnerRevenueMinor: int,
    marginShare: share,
    partnerRevenueShare: share,
  })
  .meta({ id: 'MoneyTotal' });

export const ChannelReportSchema = z
  .object({
    period: z.object({
      start: Instant,
      end: Instant,
      /** `2025-12`, or `2026-01 (month to date)`. */
      label: z.string(),
      kind: z.enum(['month', 'month_to_date']),
    }),
    strategy: z.object({
      chosen: z.enum(STRATEGY_MODES),
      targets: z.array(
        z.object({
          kpi: z.string(),
          target: z.number(),
          actual: z.number().nullable(),
          met: z.boolean().nullable(),
        }),
      ),
      observed: z.enum(STRATEGY_MODES),
      /** In one currency (the only one, or the reporting currency); null when not comparable. */
      partnerRevenueShare: share,
    }),
    marketCoverage: z.object({
      /** Share of the target cells' demand with an earning partner or an active customer. */
      coverage: share,
      targetCells: int,
      coveredCells: z.array(z.string()),
      activePartners: int,
      activeCustomers: int,
      regions: z.record(z.string(), z.object({ partners: int, activeCustomers: int })),
      regionIndustryCellsCovered: z.array(z.string()),
      /** Target and covered demand per currency of the cells. */
      demandByCurrency: z.array(
        z.object({ currency: z.string(), targetMinor: int, coveredMinor: int }),
      ),
    }),
    brandReach: z.object({
      leads: int,
      leadsBySource: z.record(z.string(), int),
      partnerSourcedShare: share,
      /** Marketing development funds reimbursed in the period, per currency. */
      mdfSpentMinor: z.record(z.string(), int),
    }),
    customerRelations: z.object({
      csat: share,
      csatResponses: int,
      nps: int.nullable(),
      npsResponses: int,
      complaints: int,
      complaintRate: share,
      meanResolutionHours: share,
    }),
    salesEfficiency: z.object({
      won: int,
      lost: int,
      winRate: share,
      meanCycleDays: share,
      medianHoursKeyToFirstCall: share,
    }),
    profitability: z.object({
      byChannel: z.array(MoneyRowSchema),
      byPartner: z.array(MoneyRowSchema),
      byProduct: z.array(MoneyRowSchema),
      /** One row per currency. */
      totals: z.array(MoneyTotalSchema),
      /** Every currency converted into the reporting currency, or null when a rate is missing. */
      converted: MoneyTotalSchema.extend({
        rates: z.array(z.object({ from: z.string(), rate: z.number() })),
      }).nullable(),
      /** The reporting currency. */
      currency: z.string(),
      /** Currencies of the period without an exchange rate into the reporting currency. */
      missingRates: z.array(z.string()),
    }),
    /** The intelligence models' sections (null until `qudao intelligence refresh` has run). */
    intelligence: IntelligenceReportSchema.nullable(),
  })
  .meta({ id: 'ChannelReport' });

export type MoneyRow = z.infer<typeof MoneyRowSchema>;
export type MoneyTotal = z.infer<typeof MoneyTotalSchema>;
export type ChannelReport = z.infer<typeof ChannelReportSchema>;

export const reportsContract = {
  channels: route({
    method: 'GET',
    path: '/api/v1/reports/channels',
    summary:
      'The channel strategy flow, stage by stage, for one month (default: the last complete one)',
    access: ACCESS.staffRead,
    query: ReportQuerySchema,
    response: ChannelReportSchema,
  }),
  listRates: route({
    method: 'GET',
    path: '/api/v1/exchange-rates',
    summary: 'The exchange rates reports convert with (set by the owner)',
    access: ACCESS.staffRead,
    response: z.array(ExchangeRateSchema),
  }),
  setRate: route({
    method: 'PUT',
    path: '/api/v1/exchange-rates',
    summary: 'Set the rate from one currency into another (replacing the previous one)',
    access: ACCESS.staff,
    body: SetExchangeRateSchema,
    response: ExchangeRateSchema,
  }),
  removeRate: route({
    method: 'DELETE',
    path: '/api/v1/exchange-rates/:from/:to',
    summary: 'Remove a rate: reports stop converting that currency',
    access: ACCESS.staff,
    params: ExchangeRateParams,
    status: 204,
    response: z.void(),
  }),
};
