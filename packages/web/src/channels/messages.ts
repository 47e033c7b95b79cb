import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** The channel pages' words, zh and en, kept beside the pages. */
const EN = {
  'channels.title': 'Channels',
  'channels.subtitle':
    'The channel strategy flow for one month (the last complete one unless you choose): each stage with its numbers.',
  'channels.period': 'Month',
  'channels.strategy': 'Strategy',
  'channels.chosen': 'chosen {chosen}, observed {observed}',
  'channels.target': 'Target',
  'channels.actual': 'Actual',
  'channels.met': 'met',
  'channels.missed': 'missed',
  'channels.coverage': 'Market coverage',
  'channels.coverageText':
    '{share} of target demand ({covered}/{cells} cells), {customers} active customers, {partners} earning partners',
  'channels.reach': 'Brand reach',
  'channels.reachText': '{leads} leads, partner-sourced {share}',
  'channels.relations': 'Customer relations',
  'channels.relationsText':
    'CSAT {csat}, NPS {nps}, {complaints} complaints, resolved in {hours} h',
  'channels.efficiency': 'Sales efficiency',
  'channels.efficiencyText': 'won {won}, lost {lost}, win rate {rate}, cycle {days} d',
  'channels.profitability': 'Profitability by channel',
  'channels.col.name': 'Channel',
  'channels.col.revenue': 'Revenue',
  'channels.col.commission': 'Commission',
  'channels.col.compute': 'Compute',
  'channels.col.margin': 'Margin',
  'channels.kpi': 'Indicator',
  'channels.result': 'Result',
  'channels.noTargets': 'No KPI targets set yet (qudao strategy set).',
  'channels.trends': 'Last 12 months by channel',
  'channels.trend.revenue': 'Revenue',
  'channels.trend.commission': 'Commission',
  'channels.trend.margin': 'Margin',
  'channels.trendsCurrency': 'Amounts in {currency}.',
  'flow.title': 'Strategy flow',
  'flow.caption':
    'Each stage of the channel strategy with this month’s numbers; green: its target met, red: missed.',
  'flow.profit': 'Profitability',
  'flow.chosen': 'chosen: {mode}',
  'flow.leads': '{leads} leads',
  'flow.drawing': 'Drawing the diagram…',
  'flow.csat': 'CSAT',
  'map.title': 'Coverage by region and industry',
  'map.caption':
    'Each target cell of the market, shaded by its estimated demand: ✓ covered this month (an earning partner or an active customer there), ✗ not yet.',
  'map.empty': 'No target cells yet: add the regions and industries you sell into below.',
  'map.covered': 'covered',
  'map.uncovered': 'not covered',
  'map.region': 'Region',
  'map.cell': '{region} × {industry}: {demand}, {state}',
  'map.add': 'Add a target cell',
  'map.industry': 'Industry',
  'map.demand': 'Yearly demand',
  'map.currency': 'Currency',
  'leaders.title': 'Partner leaderboard',
  'leaders.rank': 'Rank',
  'leaders.partner': 'Partner',
  'leaders.calls': 'Calls',
  'flow.nps': 'NPS',
  'kpi.coverage': 'Market coverage',
  'kpi.partnerSourcedShare': 'Leads sourced by partners',
  'kpi.winRate': 'Win rate',
  'kpi.csat': 'Customer satisfaction (1–5)',
  'kpi.nps': 'Net promoter score',
  'kpi.complaintRate': 'Complaint rate',
  'kpi.marginShare': 'Margin share',
  'mode.multi-channel': 'multi-channel',
  'mode.partner-led': 'partner-led',
  'ch.direct': 'Direct',
  'ch.reseller': 'Resellers',
  'ch.referral': 'Referral partners',
  'ch.integrator': 'Integrators',
  'ch.marketplace': 'Marketplaces',
  'portal.title': 'Partner portal',
  'portal.subtitle': 'Your customers, deals and commissions — nothing of any other partner.',
  'portal.customers': 'Customers',
  'portal.deals': 'Deals',
  'portal.statements': 'Commission statements',
  'portal.empty': 'Nothing yet.',
} as const;

const ZH: Record<keyof typeof EN, string> = {
  'channels.title': '渠道',
  'channels.subtitle': '一个月的渠道战略流程(默认为最近一个完整月份):每个阶段及其数据。',
  'channels.period': '月份',
  'channels.strategy': '战略',
  'channels.chosen': '选定 {chosen},实际 {observed}',
  'channels.target': '目标',
  'channels.actual': '实际',
  'channels.met': '达成',
  'channels.missed': '未达成',
  'channels.coverage': '市场覆盖',
  'channels.coverageText':
    '覆盖目标需求的 {share}({covered}/{cells} 个单元),活跃客户 {customers},有收入的伙伴 {partners}',
  'channels.reach': '品牌触达',
  'channels.reachText': '线索 {leads} 条,伙伴来源占比 {share}',
  'channels.relations': '客户关系',
  'channels.relationsText':
    '客户满意度 {csat},净推荐值 {nps},投诉 {complaints} 件,平均 {hours} 小时解决',
  'channels.efficiency': '销售效率',
  'channels.efficiencyText': '赢单 {won},丢单 {lost},赢率 {rate},周期 {days} 天',
  'channels.profitability': '各渠道盈利',
  'channels.col.name': '渠道',
  'channels.col.revenue': '收入',
  'channels.col.commission': '佣金',
  'channels.col.compute': '算力成本',
  'channels.col.margin': '毛利',
  'channels.kpi': '指标',
  'channels.result': '结果',
  'channels.noTargets': '尚未设定指标目标(qudao strategy set)。',
  'channels.trends': '近 12 个月各渠道走势',
  'channels.trend.revenue': '收入',
  'channels.trend.commission': '佣金',
  'channels.trend.margin': '毛利',
  'channels.trendsCurrency': '金额单位:{currency}。',
  'flow.title': '战略流程',
  'flow.caption': '渠道战略的各个阶段及本月数据;绿色:达成目标,红色:未达成。',
  'flow.profit': '盈利',
  'flow.chosen': '选定:{mode}',
  'flow.leads': '{leads} 条线索',
  'flow.drawing': '正在绘制图表…',
  'flow.csat': '满意度',
  'map.title': '按区域和行业的覆盖',
  'map.caption':
    '市场的每个目标单元,按估计需求着色:✓ 本月已覆盖(当地有产生收入的伙伴或活跃客户),✗ 尚未覆盖。',
  'map.empty': '还没有目标单元:在下方添加您销售的区域和行业。',
  'map.covered': '已覆盖',
  'map.uncovered': '未覆盖',
  'map.region': '区域',
  'map.cell': '{region} × {industry}:{demand},{state}',
  'map.add': '添加目标单元',
  'map.industry': '行业',
  'map.demand': '年需求',
  'map.currency': '币种',
  'leaders.title': '伙伴排行榜',
  'leaders.rank': '名次',
  'leaders.partner': '伙伴',
  'leaders.calls': '调用次数',
  'flow.nps': '净推荐值',
  'kpi.coverage': '市场覆盖率',
  'kpi.partnerSourcedShare': '伙伴来源线索占比',
  'kpi.winRate': '赢率',
  'kpi.csat': '客户满意度(1–5)',
  'kpi.nps': '净推荐值',
  'kpi.complaintRate': '投诉率',
  'kpi.marginShare': '毛利率',
  'mode.multi-channel': '多渠道',
  'mode.partner-led': '伙伴主导',
  'ch.direct': '直销',
  'ch.reseller': '经销商',
  'ch.referral': '推荐伙伴',
  'ch.integrator': '集成商',
  'ch.marketplace': '应用市场',
  'portal.title': '伙伴门户',
  'portal.subtitle': '您的客户、商机和佣金——看不到任何其他伙伴的数据。',
  'portal.customers': '客户',
  'portal.deals': '商机',
  'portal.statements': '佣金结算单',
  'portal.empty': '暂无数据。',
};

export type ChannelsKey = keyof typeof EN;

export function useChannelsText() {
  const { lang } = useI18n();
  return useCallback(
    (key: ChannelsKey, vars: Record<string, string | number | null> = {}) =>
      (lang === 'zh' ? ZH : EN)[key].replace(/\{(\w+)\}/g, (_, name: string) =>
        vars[name] === null || vars[name] === undefined ? '–' : String(vars[name]),
      ),
    [lang],
  );
}

/** Integer minor units as a decimal amount with its currency code. */
export function money(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return `${(minor / 10 ** digits).toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

export const pct = (ratio: number | null) =>
  ratio === null ? '–' : `${(ratio * 100).toFixed(1)}%`;
