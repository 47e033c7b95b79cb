import { type ChannelReport, channelReport, formatMinor } from '@qudao/server';
import type { Command } from 'commander';
import { percent, printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { printIntelligenceSections } from './intelligence.ts';

const int = (v: string) => Number.parseInt(v, 10);

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('channel reports');
  report
    .command('channels')
    .description('the channel strategy flow, stage by stage, for one month')
    .option(
      '--period <YYYY-MM|mtd>',
      'the month, or mtd for this month so far (default: the last complete month)',
    )
    .option('--compute-cost <minor>', 'price of one hour of inference time, minor units', int, 3600)
    .option(
      '--currency <code>',
      'convert totals into this currency with the exchange rates set (default: USD)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  qudao report channels\n  qudao report channels --period 2025-03 --json\n  qudao report channels --period mtd',
    )
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<{ period?: string; computeCost: number; currency?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const r = await channelReport(ctx, {
          period: opts.period,
          computeCostPerHourMinor: opts.computeCost,
          currency: opts.currency,
        });
        if (opts.json) printJson(r);
        else printReport(r);
      });
    });
}

function printReport(r: ChannelReport) {
  const n = (v: number | null, suffix = '') => (v === null ? '–' : `${v}${suffix}`);
  console.log(
    `Channel report ${r.period.label}: ${r.period.start.slice(0, 10)} – ${r.period.end.slice(0, r.period.kind === 'month' ? 10 : 16).replace('T', ' ')}`,
  );
  console.log(
    `\n1 strategy            chosen ${r.strategy.chosen}, observed ${r.strategy.observed}, partner share of revenue ${percent(r.strategy.partnerRevenueShare)}`,
  );
  for (const t of r.strategy.targets) {
    console.log(
      `   target ${t.kpi.padEnd(20)} ${String(t.target).padStart(6)}  actual ${n(t.actual).padStart(6)}  ${t.met === null ? '–' : t.met ? 'met' : 'missed'}`,
    );
  }
  const cov = r.marketCoverage;
  console.log(
    `2 market coverage     ${percent(cov.coverage)} of target demand (${cov.coveredCells.length}/${cov.targetCells} cells); ${cov.activeCustomers} active customers, ${cov.activePartners} earning partners, ${cov.regionIndustryCellsCovered.length} region × industry cells: ${cov.regionIndustryCellsCovered.join(', ') || '–'}`,
  );
  const reach = r.brandReach;
  console.log(
    `3 brand reach         ${reach.leads} leads ${JSON.stringify(reach.leadsBySource)}, partner-sourced ${percent(reach.partnerSourcedShare)}`,
  );
  const rel = r.customerRelations;
  console.log(
    `4 customer relations  CSAT ${n(rel.csat)} (${rel.csatResponses}), NPS ${n(rel.nps)} (${rel.npsResponses}), complaints ${rel.complaints} (rate ${n(rel.complaintRate)}), resolved in ${n(rel.meanResolutionHours, ' h')}`,
  );
  const eff = r.salesEfficiency;
  console.log(
    `5 sales efficiency    won ${eff.won}, lost ${eff.lost}, win rate ${percent(eff.winRate)}, cycle ${n(eff.meanCycleDays, ' d')}, key → first call ${n(eff.medianHoursKeyToFirstCall, ' h')}`,
  );
  const money = r.profitability;
  const totals = money.totals
    .map(
      (t) =>
        `${formatMinor(t.revenueMinor, t.currency)} ${t.currency} (margin ${percent(t.marginShare)})`,
    )
    .join(', ');
  console.log(`6 profitability       revenue ${totals || '–'}`);
  if (money.converted) {
    const c = money.converted;
    console.log(
      `   in ${c.currency}            revenue ${formatMinor(c.revenueMinor, c.currency)}, margin ${formatMinor(c.marginMinor, c.currency)} (${percent(c.marginShare)})`,
    );
  } else if (money.missingRates.length > 0) {
    console.log(
      `   not summed: no exchange rate from ${money.missingRates.join(', ')} into ${money.currency} (PUT /api/v1/exchange-rates)`,
    );
  }
  for (const [title, rows] of [
    ['by channel', r.profitability.byChannel],
    ['by partner', r.profitability.byPartner],
    ['by product', r.profitability.byProduct],
  ] as const) {
    console.log(`\n  ${title}`);
    printTable(
      rows,
      [
        { header: 'NAME', value: (x) => x.name },
        { header: 'CUR', value: (x) => x.currency },
        { header: 'CALLS', value: (x) => x.calls, align: 'right' },
        {
          header: 'REVENUE',
          value: (x) => formatMinor(x.revenueMinor, x.currency),
          align: 'right',
        },
        {
          header: 'COMMISSION',
          value: (x) => formatMinor(x.commissionMinor, x.currency),
          align: 'right',
        },
        {
          header: 'COMPUTE',
          value: (x) => formatMinor(x.computeCostMinor, x.currency),
          align: 'right',
        },
        { header: 'MARGIN', value: (x) => formatMinor(x.marginMinor, x.currency), align: 'right' },
      ],
      {},
    );
  }
  printIntelligenceSections(r.intelligence);
}
