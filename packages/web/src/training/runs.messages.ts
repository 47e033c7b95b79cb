import { defineMessages, useMessages } from '../i18n/bundle.ts';

/** A run's status and kind in words (the API's enum values stay out of the page). */
const MESSAGES = defineMessages(
  {
    'status.queued': 'queued',
    'status.running': 'running',
    'status.succeeded': 'succeeded',
    'status.failed': 'failed',
    'status.cancelled': 'cancelled',
    'kind.train': 'training',
    'kind.trial': 'search trial',
    'kind.fold': 'cross-validation fold',
  },
  {
    'status.queued': '排队中',
    'status.running': '训练中',
    'status.succeeded': '已完成',
    'status.failed': '失败',
    'status.cancelled': '已取消',
    'kind.train': '训练',
    'kind.trial': '搜索试验',
    'kind.fold': '交叉验证折',
  },
);

export const useRunsText = () => useMessages(MESSAGES);
