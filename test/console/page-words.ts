import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * Where the console's own words are: headings, column heads, labels, buttons, navigation, empty
 * states (not the data, whose names are whatever the user typed). A page's test may add more.
 */
export const CHROME = [
  'h1',
  'h2',
  'th',
  '.field-label',
  'button:not([data-testid=lang-toggle])',
  '#main-nav a',
  '.empty-state',
  'figcaption',
  '.page-header p',
  '.role-badge',
  '.badge',
];

/** The console's words as a user reads them, in the elements `selectors` name. */
export async function chromeText(page: Page, selectors: string[] = CHROME): Promise<string[]> {
  // Data inside them (`code`, `[data-value]`: ids, class names, commands) is not a word of
  // the console. A string: the root tsconfig checks tests without the DOM library.
  const selector = JSON.stringify(selectors.join(', '));
  return (await page.evaluate(`[...document.querySelectorAll(${selector})].map((el) => {
    if (el.matches('[data-value]')) return '';
    const copy = el.cloneNode(true);
    copy.querySelectorAll('code, [data-value]').forEach((n) => n.remove());
    return copy.textContent;
  })`)) as string[];
}

/** Latin words left in the Chinese console, less the names that stay as they are. */
export const latinWords = (texts: string[], allowed: ReadonlySet<string> = new Set(['qudao'])) =>
  texts.flatMap((t) => t.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.has(w));

/** Texts holding Chinese characters (none belong in the English console). */
export const hanzi = (texts: string[]) => texts.filter((t) => /[\u4e00-\u9fff]/.test(t));

/** axe-core's serious and critical violations on the page, each as `where: rule targets`. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
