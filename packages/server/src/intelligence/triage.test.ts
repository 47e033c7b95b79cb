import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';
import { routeInquiry } from './triage.service.ts';
import { keywordTriage } from './triage-model.ts';

describe('inquiry language, routing and the keyword baseline', () => {
  it('tells Chinese (also with English product words) from English, and refuses the rest', () => {
    expect(detectLanguage('接口返回500错误')).toBe('zh');
    expect(detectLanguage('我们的API key 过期了，invoice 也不对')).toBe('zh');
    expect(detectLanguage('The endpoint times out')).toBe('en');
    expect(detectLanguage('Привет, где мой счёт?')).toBeNull();
    expect(detectLanguage('12345 !!!')).toBeNull();
  });

  it('routes billing and urgent complaints to direct support, the rest to the partner, doubt to review', () => {
    expect(routeInquiry('technical', 0.9, 0.6, 'prt_1')).toEqual({
      route: 'partner',
      routed_partner_id: 'prt_1',
      status: 'routed',
    });
    expect(routeInquiry('billing', 0.9, 0.6, 'prt_1').route).toBe('direct_support');
    expect(routeInquiry('urgent_complaint', 0.99, 0.6, 'prt_1').route).toBe('direct_support');
    expect(routeInquiry('sales', 0.9, 0.6, null).route).toBe('direct_support');
    expect(routeInquiry('sales', 0.59, 0.6, 'prt_1')).toEqual({
      route: 'review',
      routed_partner_id: 'prt_1',
      status: 'needs_review',
    });
  });

  it('keyword rules: the most urgent match wins', () => {
    expect(keywordTriage('Refund the duplicate invoice immediately or we terminate')).toBe(
      'urgent_complaint',
    );
    expect(keywordTriage('发票金额不对')).toBe('billing');
    expect(keywordTriage('能发一份报价单吗')).toBe('sales');
    expect(keywordTriage('hello')).toBe('technical');
  });
});
