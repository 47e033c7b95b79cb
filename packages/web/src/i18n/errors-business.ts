/**
 * Sentences for the error codes of the business pages (applications, pipeline, period close,
 * partner programme), in English and Chinese; `errors.ts` merges them into its table.
 */
export const BUSINESS_ERRORS: Record<string, readonly [en: string, zh: string]> = {
  'programme.application_exists': [
    'This company has already applied. Follow that application with the token you were given.',
    '该公司已提交过申请。请用当时获得的令牌查看那份申请。',
  ],
  'programme.application_not_found': [
    'No application matches this number and token; check what you were given when you applied.',
    '没有与此编号和令牌匹配的申请,请核对申请时获得的信息。',
  ],
  'programme.application_bad_step': [
    'The application is no longer at a step where this can be done; reload to see where it is.',
    '该申请已不在可执行此操作的步骤,请刷新查看其当前状态。',
  ],
  'programme.mdf_bad_step': [
    'This fund request is not at the step for that; reload to see where it is.',
    '该市场基金申请不在可执行此操作的步骤,请刷新查看其状态。',
  ],
  'programme.mdf_overspent': [
    'You can claim at most the approved amount.',
    '报销金额不能超过批准金额。',
  ],
  'programme.mdf_not_found': ['No such fund request.', '没有该市场基金申请。'],
  'programme.partner_required': [
    'Choose the partner the request is for.',
    '请选择该申请所属的伙伴。',
  ],
  'deals.deal_not_found': ['No such deal.', '没有该商机。'],
  'deals.not_offerable': [
    'Only an open direct lead without a partner can be offered.',
    '只有未分配伙伴、仍在进行中的直销线索才能分派。',
  ],
  'deals.not_offered': [
    'This deal is not offered to you; only offered leads can be accepted or declined.',
    '该商机未分派给您;只有分派的线索可以接受或拒绝。',
  ],
  'deals.offer_lapsed': [
    'This lead was won or lost before you accepted it; the offer has lapsed.',
    '该线索在您接受前已赢单或丢单,分派已失效。',
  ],
  'deals.offer_not_accepted': [
    'Accept the offered lead before you move it.',
    '请先接受分派的线索,再移动它。',
  ],
  'deals.not_pending': [
    'Only a registration awaiting approval can be approved or rejected.',
    '只有待审批的登记可以批准或拒绝。',
  ],
  'billing.bad_period': [
    'The start of the period must be before its end.',
    '账期的开始必须早于结束。',
  ],
  'billing.period_overlap': [
    'This period overlaps one already closed; start it where the last one ended.',
    '该账期与已结账的账期重叠,请从上一个账期结束处开始。',
  ],
  'billing.period_not_over': [
    'This period is not over yet; it can be closed once its end has passed.',
    '该账期尚未结束,结束后才能结账。',
  ],
  'billing.period_out_of_order': [
    'Periods close in order: start this one where the last closed period ended.',
    '账期须按顺序结账:请从上一个已结账期的结束处开始。',
  ],
  'billing.period_not_found': ['No such period.', '没有该账期。'],
  'billing.no_closed_period': ['No period has been closed yet.', '还没有已结账的账期。'],
};
