import { defineMessages, useMessages } from '../i18n/bundle.ts';

/** The staff's review of partners' marketing development fund requests. */
const MESSAGES = defineMessages(
  {
    'mdfReview.title': 'Marketing development funds',
    'mdfReview.subtitle':
      'Partners ask for funds for a purpose; approve or reject, then reimburse what they claim with proof.',
    'mdfReview.empty':
      'No fund requests yet. Partners request them from their programme page; they appear here to decide.',
    'col.partner': 'Partner',
    'col.purpose': 'Purpose',
    'col.amount': 'Asked',
    'col.status': 'Status',
    'col.spent': 'Claimed spend',
    'col.proof': 'Proof',
    'col.action': 'Decision',
    approve: 'Approve',
    reject: 'Reject',
    'reimburse.check': 'Check the payment',
    'reimburse.would': 'Pays {amount}',
    'reimburse.pay': 'Reimburse',
    'status.requested': 'Requested',
    'status.approved': 'Approved',
    'status.rejected': 'Rejected',
    'status.claimed': 'Claimed',
    'status.reimbursed': 'Reimbursed',
  },
  {
    'mdfReview.title': '市场发展基金',
    'mdfReview.subtitle': '伙伴为某一用途申请基金;批准或拒绝,再凭证报销其申报的花费。',
    'mdfReview.empty': '还没有基金申请。伙伴在其伙伴计划页面申请,申请会显示在这里等待决定。',
    'col.partner': '伙伴',
    'col.purpose': '用途',
    'col.amount': '申请金额',
    'col.status': '状态',
    'col.spent': '申报花费',
    'col.proof': '凭证',
    'col.action': '决定',
    approve: '批准',
    reject: '拒绝',
    'reimburse.check': '核对付款',
    'reimburse.would': '将支付 {amount}',
    'reimburse.pay': '报销',
    'status.requested': '已申请',
    'status.approved': '已批准',
    'status.rejected': '已拒绝',
    'status.claimed': '待报销',
    'status.reimbursed': '已报销',
  },
);

export const useMdfReviewText = () => useMessages(MESSAGES);
