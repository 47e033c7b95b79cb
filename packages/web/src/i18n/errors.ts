import { QudaoApiError } from '@qudao/client';
import { BUSINESS_ERRORS } from './errors-business.ts';
import type { Lang } from './i18n.tsx';
import { ML_ERRORS } from './ml-errors.ts';

type Sentence = readonly [en: string, zh: string];

/**
 * The sentence shown for a server error code, in the console's language. The server's own
 * message is English and written for API users (it names routes); the console says what to
 * do on the page. Codes without a sentence here fall back to one per HTTP status.
 */
const BY_CODE: Record<string, Sentence> = {
  ...ML_ERRORS,
  'request.invalid': [
    'Some fields are not valid; correct them and try again.',
    '部分字段无效,请修改后重试。',
  ],
  'request.date_in_future': ['A date cannot be in the future.', '日期不能晚于今天。'],
  'request.date_in_closed_period': [
    'That date lies in a closed billing period; choose a later one.',
    '该日期处于已结账的账期内,请选择更晚的日期。',
  ],
  'request.field_staff_only': [
    'Only the owner and admins may set that field.',
    '只有所有者和管理员可以设置该字段。',
  ],
  'auth.forbidden': ['Your role may not do this.', '您的角色无权执行此操作。'],
  'auth.invalid_key': [
    'The server did not accept this token or key.',
    '服务器不接受此令牌或密钥。',
  ],
  'auth.too_many_keys': [
    'This customer already holds as many live keys as its plan allows; revoke one first.',
    '该客户的有效密钥数量已达套餐上限,请先吊销一个。',
  ],
  'auth.expiry_in_past': ['The expiry must be in the future.', '过期时间必须晚于现在。'],
  'auth.key_wider_than_creator': [
    'A key cannot reach products its creator cannot.',
    '密钥的范围不能超过创建者的范围。',
  ],
  'auth.admin_by_owner_only': [
    'Only the owner may create or revoke admin tokens.',
    '只有所有者可以创建或吊销管理员令牌。',
  ],
  'channels.partner_not_found': ['No such partner.', '没有该伙伴。'],
  'channels.customer_not_found': ['No such customer.', '没有该客户。'],
  'plans.plan_exists': [
    'A plan with this name exists already; choose another name.',
    '同名套餐已存在,请换一个名称。',
  ],
  'plans.product_exists': [
    'A product with this name exists already; choose another name.',
    '同名产品已存在,请换一个名称。',
  ],
  'plans.plan_not_found': ['No such plan.', '没有该套餐。'],
  'plans.product_not_found': ['No such product.', '没有该产品。'],
  'plans.bad_tiers': [
    'Tiers must rise, and only the last may be open-ended.',
    '阶梯必须递增,且只有最后一档可以不设上限。',
  ],
  'plans.unknown_currency': ['Unknown currency code.', '未知的币种代码。'],
  'plans.already_subscribed': [
    'This customer already subscribes to that product.',
    '该客户已订阅该产品。',
  ],
  'serving.endpoint_not_found': [
    'No endpoint serves that product; deploy one first.',
    '没有端点提供该产品,请先部署。',
  ],
  'deals.registration_conflict': [
    'Another partner has registered a deal with this company; the owner decides.',
    '其他伙伴已为该公司登记商机,由所有者裁定。',
  ],
  'deals.customer_of_other_partner': [
    'That customer belongs to another partner.',
    '该客户属于其他伙伴。',
  ],
  'deals.bad_transition': [
    'A deal cannot move to that stage from where it is.',
    '商机不能从当前阶段移到该阶段。',
  ],
  'registry.version_not_found': ['No such model version.', '没有该模型版本。'],
  'training.unknown_template': ['Unknown model template.', '未知的模型模板。'],
  'training.unsuitable_data': [
    'This template cannot learn from this data set; choose another.',
    '该模板无法使用此数据集训练,请换一个。',
  ],
  'training.bad_learning_rate': [
    'The learning rate must be a positive number below 10.',
    '学习率必须是小于 10 的正数。',
  ],
  'data.dataset_not_found': ['No such data set.', '没有该数据集。'],
  ...BUSINESS_ERRORS,
};

const BY_STATUS: Record<number, Sentence> = {
  400: ['The server refused the input; check the fields.', '服务器拒绝了输入,请检查各字段。'],
  401: ['Sign in again.', '请重新登录。'],
  403: ['Your role may not do this.', '您的角色无权执行此操作。'],
  404: ['It does not exist (any more).', '该对象不存在(或已删除)。'],
  409: ['It conflicts with what exists already.', '与现有数据冲突。'],
  413: ['The file is too large.', '文件太大。'],
  429: ['Too many requests; wait a moment.', '请求过多,请稍候。'],
};

const FALLBACK: Sentence = [
  'Something went wrong on the server; try again.',
  '服务器出错,请重试。',
];

/** The sentence for an error, in `lang`: by its code, else by its status. */
export function errorSentence(error: unknown, lang: Lang): string {
  const pick = (s: Sentence) => (lang === 'zh' ? s[1] : s[0]);
  if (error instanceof QudaoApiError) {
    const known = BY_CODE[error.code] ?? BY_STATUS[error.status];
    if (known) return pick(known);
  }
  return pick(FALLBACK);
}

/** The code to quote beside the sentence (support asks for it), when the server gave one. */
export function errorCode(error: unknown): string | null {
  return error instanceof QudaoApiError ? error.code : null;
}
