import { defineMessages, useMessages } from '../i18n/bundle.ts';

/** The shared table's controls: filter, sort and paging. */
const MESSAGES = defineMessages(
  {
    'table.filter': 'Filter',
    'table.filterPlaceholder': 'Type to filter rows',
    'table.sortBy': 'Sort by {column}',
    'table.count': '{shown} of {total} rows',
    'table.page': 'Page {page} of {pages}',
    'table.previous': 'Previous',
    'table.next': 'Next',
    'table.noMatch': 'No row matches “{filter}”.',
    'table.paging': 'Pages of {table}',
  },
  {
    'table.filter': '筛选',
    'table.filterPlaceholder': '输入文字筛选行',
    'table.sortBy': '按{column}排序',
    'table.count': '共 {total} 行,显示 {shown} 行',
    'table.page': '第 {page} 页,共 {pages} 页',
    'table.previous': '上一页',
    'table.next': '下一页',
    'table.noMatch': '没有与“{filter}”相符的行。',
    'table.paging': '{table}的分页',
  },
);

export const useTableText = () => useMessages(MESSAGES);
