import type { ChannelReport } from '@qudao/client';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { type ChannelsKey, pct, useChannelsText } from './messages.ts';

type Stage = { id: string; title: string; lines: string[]; kpis: string[] };

/** The strategy flow as mermaid text: a node per stage, coloured by its targets met or missed. */
export function flowDiagram(
  r: ChannelReport,
  t: (key: ChannelsKey, vars?: Record<string, string | number | null>) => string,
  locale: string,
  /** LR: a row of stages (wide screens); TB: a column (phones). */
  direction: 'LR' | 'TB' = 'LR',
): string {
  const num = (v: number | null, digits = 0) =>
    v === null ? '–' : v.toLocaleString(locale, { maximumFractionDigits: digits });
  const stages: Stage[] = [
    {
      id: 'strategy',
      title: t('channels.strategy'),
      lines: [t('flow.chosen', { mode: t(`mode.${r.strategy.chosen}` as ChannelsKey) })],
      kpis: [],
    },
    {
      id: 'coverage',
      title: t('channels.coverage'),
      lines: [pct(r.marketCoverage.coverage)],
      kpis: ['coverage'],
    },
    {
      id: 'reach',
      title: t('channels.reach'),
      lines: [
        t('flow.leads', { leads: num(r.brandReach.leads) }),
        `${t('kpi.partnerSourcedShare')} ${pct(r.brandReach.partnerSourcedShare)}`,
      ],
      kpis: ['partnerSourcedShare'],
    },
    {
      id: 'relations',
      title: t('channels.relations'),
      lines: [
        `${t('flow.csat')} ${num(r.customerRelations.csat, 2)} · ${t('flow.nps')} ${num(r.customerRelations.nps)}`,
        `${t('kpi.complaintRate')} ${pct(r.customerRelations.complaintRate)}`,
      ],
      kpis: ['csat', 'nps', 'complaintRate'],
    },
    {
      id: 'efficiency',
      title: t('channels.efficiency'),
      lines: [`${t('kpi.winRate')} ${pct(r.salesEfficiency.winRate)}`],
      kpis: ['winRate'],
    },
    {
      id: 'profit',
      title: t('flow.profit'),
      lines: [
        `${t('kpi.marginShare')} ${pct(r.profitability.converted?.marginShare ?? r.profitability.totals[0]?.marginShare ?? null)}`,
      ],
      kpis: ['marginShare'],
    },
  ];
  // Mermaid's own escapes: quotes and angle brackets as entities, so no text is markup.
  const entities = (text: string) =>
    text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const lines = [`flowchart ${direction}`];
  for (const stage of stages) {
    const label = [`<b>${entities(stage.title)}</b>`, ...stage.lines.map(entities)].join('<br/>');
    lines.push(`  ${stage.id}["${label}"]`);
  }
  lines.push(`  ${stages.map((s) => s.id).join(' --> ')}`);
  lines.push('  classDef met fill:#e7f6ec,stroke:#1f8a4c,color:#0f3d22');
  lines.push('  classDef missed fill:#fdecec,stroke:#c23030,color:#5c1111');
  lines.push('  classDef plain fill:#f4f6fb,stroke:#8a94a6,color:#1d2433');
  for (const stage of stages) {
    const judged = r.strategy.targets.filter((x) => stage.kpis.includes(x.kpi) && x.met !== null);
    const state = judged.length === 0 ? 'plain' : judged.every((x) => x.met) ? 'met' : 'missed';
    lines.push(`  class ${stage.id} ${state}`);
  }
  return lines.join('\n');
}

/**
 * The seed's strategy flow drawn with mermaid (loaded on this page only: it is large), each
 * stage with its live numbers and its targets' verdict.
 */
export function StrategyFlow({ report }: { report: ChannelReport }) {
  const t = useChannelsText();
  const { locale } = useI18n();
  const id = `flow-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const box = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  // A row of six stages is unreadable on a phone: there they go top to bottom.
  const [narrow] = useState(() => window.matchMedia('(max-width: 720px)').matches);
  const text = flowDiagram(report, t, locale, narrow ? 'TB' : 'LR');
  useEffect(() => {
    let live = true;
    void import('mermaid').then(async ({ default: mermaid }) => {
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'base' });
      const { svg } = await mermaid.render(id, text);
      if (!live || !box.current) return;
      box.current.innerHTML = svg;
      setDrawn(true);
    });
    return () => {
      live = false;
    };
  }, [id, text]);
  return (
    <section className="panel" data-testid="strategy-flow" data-drawn={drawn}>
      <h2>{t('flow.title')}</h2>
      <p className="muted">{t('flow.caption')}</p>
      {drawn ? null : <p className="muted">{t('flow.drawing')}</p>}
      <div className="strategy-flow" ref={box} role="img" aria-label={t('flow.title')} />
    </section>
  );
}
