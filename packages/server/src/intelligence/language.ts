/**
 * The language of an inquiry, from its letters: Chinese when Han characters make up at least a
 * fifth of them (a Chinese ticket often carries English product words), English when the rest
 * are Latin letters, otherwise unknown (the triage model knows only these two).
 */
export type InquiryLanguage = 'zh' | 'en';

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;
const LETTER = /\p{L}/gu;

export function detectLanguage(text: string): InquiryLanguage | null {
  const letters = text.match(LETTER)?.length ?? 0;
  if (letters === 0) return null;
  const han = text.match(HAN)?.length ?? 0;
  if (han / letters >= 0.2) return 'zh';
  const latin = text.match(LATIN)?.length ?? 0;
  return latin / letters >= 0.8 ? 'en' : null;
}
