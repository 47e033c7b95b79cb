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
  'billing.payout_below_minimum': [
    "The partner's approved balance is under the minimum payout; it is carried over to the monthly run.",
    '该伙伴已批准的余额低于最低付款额,将结转至月度付款批次。',
  ],
  'billing.nothing_to_pay': [
    'The partner has no approved commission to pay.',
    '该伙伴没有可支付的已批准佣金。',
  ],
  'billing.no_payout_details': [
    'The partner has not given its payout details yet; it adds them on its programme page.',
    '该伙伴尚未填写收款信息,需在其伙伴计划页面填写。',
  ],
  'billing.payout_run_not_found': ['No such payout run.', '没有该付款批次。'],
  'billing.refund_exceeds_invoice': [
    'The credit is more than is left to credit on this invoice; credit at most what remains.',
    '贷项金额超过该发票剩余可贷金额,请不超过剩余金额。',
  ],
  'billing.invoice_not_refundable': [
    "This is a reseller's invoice to its own customer: the reseller refunds it, not Qudao.",
    '这是经销商开给其客户的发票,应由经销商退款。',
  ],
  'billing.invoice_not_found': ['No such invoice.', '没有该发票。'],
  'billing.rule_overlap': [
    'This rule overlaps a rule in force for the same tier or partner and product; end that one first or start this one after it.',
    '该规则与同一等级或伙伴及产品的现行规则重叠,请先终止那条规则,或让本规则在其之后生效。',
  ],
  'billing.rule_target': [
    'A commission rule applies to a tier or to one partner: choose exactly one.',
    '佣金规则适用于一个等级或一个伙伴,请只选择其一。',
  ],
  'billing.bad_rule': [
    'The rule is not valid: check its rates, amounts and dates.',
    '该规则无效,请检查比例、金额和日期。',
  ],
  'billing.rule_not_found': ['No such commission rule.', '没有该佣金规则。'],
  'imports.bad_csv': [
    'The file is not a readable CSV (an unclosed quote?); fix it and try again.',
    '该文件不是可读的 CSV(引号未闭合?),请修正后重试。',
  ],
  'imports.missing_column': [
    'A required column is missing: map a column to the name (or company) field.',
    '缺少必需的列:请将某一列对应到名称(或公司)字段。',
  ],
  'imports.invalid_rows': [
    'Some rows cannot be imported and nothing was written; fix the rows listed and import again.',
    '部分行无法导入,未写入任何数据;请修正列出的行后重新导入。',
  ],
};
