/**
 * Writes the demo company's support tickets, in Chinese and English, from a seeded generator:
 * several phrasings per category, slots (amounts, error codes, products), typos, mixed-language
 * tickets, and ambiguous ones that touch two categories (labelled the way a support lead would:
 * the more urgent reading wins). No text comes from a corpus; docs/intelligence.md says so.
 */
export const TICKET_CATEGORIES = [
  'billing',
  'technical',
  'sales',
  'complaint',
  'urgent_complaint',
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export type TicketLanguage = 'zh' | 'en';

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;

const EN: Record<TicketCategory, string[]> = {
  billing: [
    'Our invoice for {month} shows {amount} but we expected much less, can you check the line items?',
    'Hi, we were charged twice for {month}. Please refund the duplicate payment.',
    'Could you send the invoice as PDF with our VAT number on it?',
    'The card on file expired, how do I update the payment method before the next bill?',
    'Why did the overage price apply? We stayed under {units} units last month.',
    'Please change the billing contact to finance@{company}.com, thanks',
    'We need a credit note for invoice {invoice}, the amount is wrong.',
    'is there a way to pay yearly instead of monthly? our accounting prefers one bill',
    'The statement total does not match the usage page, {amount} vs what we see.',
  ],
  technical: [
    'The {endpoint} endpoint returns HTTP {code} for about {pct}% of our requests since this morning.',
    'Requests time out after 30s when we send batches larger than {units} rows.',
    'Latency went from {ms} ms to over a second, did something change on your side?',
    'How do I rotate an API key without downtime?',
    'Getting "invalid input shape" when calling predict with our images, sample attached.',
    'our integration fails with error {code} when the idempotency key is reused',
    'Is there a rate limit per key? we see 429 errors during peak hours.',
    'The python client throws a TLS error behind our proxy, any config for that?',
    'Predictions look different between the canary and production version, which one is live?',
  ],
  sales: [
    'We would like a quote for the Enterprise plan for about {units} units a month.',
    'Can we book a demo for our team next week? Interested in the {endpoint} model.',
    'What discount do you give for a two-year commitment?',
    'We plan to roll this out to {n} more branches, who can talk about volume pricing?',
    'Do you have a reseller in {region}? Our procurement prefers a local partner.',
    'Looking to upgrade from Starter, what does the next tier include?',
    'Is a free trial available for the new model before we sign?',
    'please send pricing and a sample contract for {company}',
  ],
  complaint: [
    'Support took {days} days to answer our last ticket, this is not the service we pay for.',
    'We are disappointed with the accuracy lately, results got worse since {month}.',
    'Third outage this month. Our users notice and we are not happy.',
    'Your partner never called us back about the onboarding they promised.',
    'The invoices keep being wrong and every month we have to chase it, very frustrating.',
    'honestly the quality dropped a lot, we are considering other providers',
    'Nobody follows up on our issues, we feel ignored.',
  ],
  urgent_complaint: [
    'URGENT: production is down, {endpoint} returns {code} for every call, we are losing money every hour!',
    'We will cancel the contract at the end of the month unless this is fixed immediately.',
    'This is the last warning, our legal team is reviewing the SLA breach.',
    'Escalate this now please: all predictions fail since {ms} minutes and nobody answers.',
    'We were overcharged {amount} three months in a row. Refund now or we terminate.',
    'critical!! customer data shows up wrong in results, stop the endpoint immediately',
  ],
};

const ZH: Record<TicketCategory, string[]> = {
  billing: [
    '{month}的发票金额是{amount}，比预期高很多，麻烦核对一下明细。',
    '我们{month}被重复扣费了，请退回多扣的款项。',
    '请把发票开成增值税专用发票，抬头是{company}。',
    '绑定的信用卡过期了，下次账单前怎么更换付款方式？',
    '为什么会产生超额费用？上个月我们用量没超过{units}。',
    '财务联系人换了，请把账单发到新的邮箱。',
    '发票{invoice}金额有误，需要开红字发票冲销。',
    '可以按年付费吗？财务希望一年只走一次付款流程',
    '对账单总额和用量页面对不上，差了{amount}。',
  ],
  technical: [
    '{endpoint}接口从今天早上开始大约{pct}%的请求返回{code}错误。',
    '批量请求超过{units}行时会超时，30秒就断开了。',
    '延迟从{ms}毫秒涨到一秒多，你们那边是不是改了什么？',
    '怎么在不停机的情况下更换API密钥？',
    '调用predict时报“输入形状不正确”，附上样例图片。',
    '重复使用幂等键的时候集成报错{code}',
    '每个密钥有没有限流？高峰期经常出现429错误。',
    '在公司代理后面调用SDK出现证书错误，需要怎么配置？',
    '灰度版本和正式版本的预测结果不一样，现在线上用的是哪个？',
  ],
  sales: [
    '我们想了解企业版的报价，每月大概{units}调用量。',
    '下周能安排一次产品演示吗？我们对{endpoint}模型很感兴趣。',
    '签两年合同有什么折扣？',
    '我们计划在另外{n}个分公司推广，想谈一下批量价格。',
    '你们在{region}有代理商吗？采购部门希望找本地合作伙伴。',
    '想从入门版升级，下一档套餐包含哪些内容？',
    '新模型可以先免费试用吗？',
    '请发一份报价单和合同样本给{company}',
  ],
  complaint: [
    '上一个工单{days}天才回复，这不是我们付费应得的服务。',
    '最近识别准确率明显下降，从{month}开始效果变差，很失望。',
    '这个月第三次故障了，用户都有感觉，我们很不满意。',
    '你们的合作伙伴说好来做上线培训，到现在也没联系我们。',
    '发票每个月都出错，每次都要我们去催，非常麻烦。',
    '说实话质量下降很多，我们在考虑换别家了',
    '提的问题一直没人跟进，感觉被忽视了。',
  ],
  urgent_complaint: [
    '紧急！生产环境全部挂了，{endpoint}每个请求都返回{code}，每小时都在损失！',
    '如果不立即解决，我们月底就解约。',
    '这是最后通知，我们的法务正在审查SLA违约问题。',
    '请马上升级处理：所有预测已经失败{ms}分钟了，没人回应。',
    '连续三个月多收了{amount}，马上退款，否则终止合作。',
    '严重问题！结果里出现了错误的客户数据，请立即停止这个接口',
  ],
};

/** Second halves that make a ticket touch another category (the first one's label stays). */
const BLEND_EN = {
  billing: ' Also, the API was slow yesterday.',
  technical: ' By the way, can someone send last month’s invoice?',
  sales: ' Also we had a billing question, but that can wait.',
  complaint: ' And the invoice is wrong again.',
  urgent_complaint: ' Our invoice is also wrong, but first fix the outage.',
} satisfies Record<TicketCategory, string>;
const BLEND_ZH = {
  billing: '另外昨天接口有点慢。',
  technical: '顺便问一下，上个月的发票能发一下吗？',
  sales: '还有个账单问题，不急。',
  complaint: '而且发票又开错了。',
  urgent_complaint: '发票也有问题，但请先解决故障。',
} satisfies Record<TicketCategory, string>;

const OPEN_EN = ['', '', 'Hello, ', 'Hi team, ', 'Dear support, ', 'Good morning. ', 'hey, '];
const CLOSE_EN = ['', '', ' Thanks.', ' Thank you!', ' Regards, {name}', ' Please advise.'];
const OPEN_ZH = ['', '', '你好，', '您好！', '客服你好，', '麻烦问一下，'];
const CLOSE_ZH = ['', '', '谢谢。', '多谢！', '请尽快回复。', '辛苦了'];
/** English words a Chinese ticket borrows (mixed-language tickets). */
const MIXED = ['API', 'invoice', 'bug', 'timeout', 'endpoint', 'key', 'SLA', 'quote'];
/** Common slips of Chinese input methods (same pinyin, wrong character). */
const ZH_TYPOS: [string, string][] = [
  ['发票', '发漂'],
  ['退款', '推款'],
  ['接口', '接扣'],
  ['报价', '包价'],
  ['延迟', '眼迟'],
  ['失望', '施望'],
];

export interface TicketContext {
  company: string;
  endpoint: string;
  region: string;
  month: string;
}

function fill(rng: Rng, template: string, c: TicketContext): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'amount':
        return `$${(50 + Math.floor(rng() * 5000)).toLocaleString('en-US')}`;
      case 'units':
        return String(pick(rng, [5_000, 20_000, 100_000, 500_000]));
      case 'code':
        return String(pick(rng, [500, 502, 503, 504, 400, 413]));
      case 'pct':
        return String(2 + Math.floor(rng() * 40));
      case 'ms':
        return String(pick(rng, [40, 80, 120, 200, 15, 30]));
      case 'days':
        return String(3 + Math.floor(rng() * 10));
      case 'n':
        return String(2 + Math.floor(rng() * 30));
      case 'invoice':
        return `INV-${10_000 + Math.floor(rng() * 89_999)}`;
      case 'name':
        return pick(rng, ['Anna', 'Li Wei', 'Tom', 'Priya', 'Jonas', 'Maria']);
      case 'company':
        return c.company.split(' ')[0]!.toLowerCase();
      default:
        return (c as unknown as Record<string, string>)[slot] ?? slot;
    }
  });
}

/** Swaps or drops a letter in some words (people type fast). */
function englishTypos(rng: Rng, text: string): string {
  return text.replace(/[a-z]{5,}/g, (word) => {
    if (rng() > 0.15) return word;
    const i = 1 + Math.floor(rng() * (word.length - 2));
    return rng() < 0.5
      ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
      : word.slice(0, i) + word.slice(i + 1);
  });
}

/**
 * One ticket of `category` in `language`: a phrasing, its slots, sometimes a greeting, a
 * second topic, typos, English words in Chinese text, or shouting.
 */
export function writeTicket(
  rng: Rng,
  category: TicketCategory,
  language: TicketLanguage,
  context: TicketContext,
): string {
  const zh = language === 'zh';
  let body = fill(rng, pick(rng, (zh ? ZH : EN)[category]), context);
  if (rng() < 0.15) body += (zh ? BLEND_ZH : BLEND_EN)[category];
  let text = `${pick(rng, zh ? OPEN_ZH : OPEN_EN)}${body}${fill(rng, pick(rng, zh ? CLOSE_ZH : CLOSE_EN), context)}`;
  if (zh) {
    if (rng() < 0.2) text = text.replace(/接口|发票|报价|密钥/, () => pick(rng, MIXED));
    if (rng() < 0.12) {
      const [right, wrong] = pick(rng, ZH_TYPOS);
      text = text.replace(right, wrong);
    }
  } else {
    if (rng() < 0.3) text = englishTypos(rng, text);
    if (rng() < 0.05) text = text.toUpperCase();
    if (rng() < 0.04) text += ` ${pick(rng, ['谢谢', '请尽快处理', '发票'])}`;
  }
  return text.trim();
}
