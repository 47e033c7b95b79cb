import AxeBuilder from '@axe-core/playwright';
import {
  createApiKey,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  subscribe,
} from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  navPaths,
  overflows,
  type SignedIn,
  settled,
  signIn,
  startConsole,
} from './console/console-fixture.ts';

/** A customer's own pages: trying the products it subscribes to, support and feedback. */
describe('console: a customer tries its products and asks for help', () => {
  let f: ConsoleFixture;
  let key = '';
  let customerId = '';
  let otherKey = '';

  beforeAll(async () => {
    f = await startConsole();
    const plan = await createPlan(f.ctx, {
      name: 'Flowers',
      currency: 'USD',
      tiers: [{ upTo: null, priceMinor: 7 }],
    });
    const product = await createProduct(f.ctx, {
      name: 'Iris API',
      endpoint: 'iris',
      plan: plan.id,
    });
    await createProduct(f.ctx, { name: 'Iris Pro', endpoint: 'iris-pro', plan: plan.id });
    const partner = await createPartner(f.ctx, { name: 'Harbor Systems' });
    const customer = await createCustomer(f.ctx, { name: 'Blue Lake', partnerId: partner.id });
    customerId = customer.id;
    await subscribe(f.ctx, customer.id, { productId: product.id });
    key = (await createApiKey(f.ctx, customer.id)).key;
    const other = await createCustomer(f.ctx, { name: 'Apex', partnerId: partner.id });
    otherKey = (await createApiKey(f.ctx, other.id)).key;
  }, 240_000);

  afterAll(async () => {
    await f?.close();
  });

  const done = async (s: SignedIn) => {
    expect(s.forbidden).toEqual([]);
    await s.page.context().close();
  };

  const usageCount = async (id: string) =>
    (
      await f.ctx.db
        .selectFrom('usage_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('customer_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n;

  it('lists only the subscribed products and sends rows to predict, billed as a real call', async () => {
    const s = await signIn(f, key, { path: '/account/try' });
    const { page } = s;
    expect(await navPaths(page)).toEqual(['/account', '/account/try', '/account/support']);
    await page.getByTestId('page-account-try').waitFor();
    const options = await page.getByTestId('try-product').locator('option').allTextContents();
    expect(options).toEqual(['Iris API']);

    const before = await usageCount(customerId);
    await page.getByRole('button', { name: 'Rows (JSON)' }).click();
    await page.locator('textarea[name=rows]').fill('[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]');
    await page.getByTestId('try-send').click();
    const label = page.getByTestId('try-label');
    await label.waitFor();
    // The same rows through the API with the key: the page shows what the server answers.
    const direct = (
      await f.app.inject({
        method: 'POST',
        url: '/api/v1/endpoints/iris/predict',
        headers: { authorization: `Bearer ${key}` },
        payload: { inputs: [[5.1, 3.5, 1.4, 0.2]] },
      })
    ).json() as { label: string };
    expect(await label.getAttribute('data-value')).toBe(direct.label);
    expect(await page.getByTestId('try-rows').locator('li').count()).toBe(2);
    expect(await page.getByTestId('try-served').textContent()).toContain('This call was billed.');
    // Two rows from the page, one from the direct call: each row is a unit.
    await expect.poll(() => usageCount(customerId)).toBe(before + 2);

    const snippet = (await page.getByTestId('snippet').textContent()) ?? '';
    expect(snippet).toContain('/api/v1/endpoints/iris/predict');
    expect(snippet).toContain('$QUDAO_API_KEY');
    expect(snippet).not.toContain(key);

    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    ).toEqual([]);
    await done(s);
  });

  it('says what is wrong with bad input: invalid JSON locally, a wrong shape from the server', async () => {
    const s = await signIn(f, key, { path: '/account/try', lang: 'zh' });
    const { page } = s;
    await page.getByTestId('page-account-try').waitFor();
    await page.getByRole('button', { name: '数据行（JSON）' }).click();
    await page.locator('textarea[name=rows]').fill('[[5.1, 3.5');
    await page.getByTestId('try-send').click();
    expect(await page.getByTestId('try-problem').textContent()).toContain('数据行不是有效的 JSON');

    await page.locator('textarea[name=rows]').fill('[[1, 2]]');
    await page.getByTestId('try-send').click();
    const error = page.getByTestId('error-box');
    await error.waitFor();
    const code = await error.getAttribute('data-code');
    expect(code).toMatch(/^(serving|ml|data)\./);
    // The sentence is Chinese; the code stays beside it for support.
    expect(await error.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await done(s);
  });

  it('sends an inquiry and feedback, and lists only its own', async () => {
    const s = await signIn(f, key, { path: '/account/support' });
    const { page } = s;
    await page.getByTestId('page-account-support').waitFor();
    await settled(page);
    const ask = page.getByTestId('support-ask');
    await ask.locator('textarea[name=text]').fill('Our invoice for March shows calls twice.');
    await ask.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('support-sent').waitFor();
    await expect
      .poll(() => page.getByTestId('support-inquiries').textContent())
      .toContain('Our invoice for March shows calls twice.');

    const rate = page.getByTestId('support-rate');
    await rate.locator('select[name=kind]').selectOption('nps');
    await rate.locator('input[name=score]').fill('9');
    await rate.locator('textarea[name=comment]').fill('Fast answers.');
    await rate.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByTestId('support-given').waitFor();
    await expect
      .poll(() => page.getByTestId('support-feedback').textContent())
      .toContain('Fast answers.');
    const [stored] = await f.ctx.db
      .selectFrom('feedback')
      .select(['kind', 'score', 'customer_id'])
      .where('text', '=', 'Fast answers.')
      .execute();
    expect(stored).toEqual({ kind: 'nps', score: 9, customer_id: customerId });

    // A complaint without words is refused in the form, before anything is sent.
    await rate.locator('select[name=kind]').selectOption('complaint');
    await rate.locator('textarea[name=comment]').fill('');
    await rate.getByRole('button', { name: 'Send feedback' }).click();
    expect(await rate.getByRole('alert').textContent()).toContain(
      'A complaint needs a description.',
    );
    await done(s);

    // Another customer of the same partner sees none of it.
    const other = await signIn(f, otherKey, { path: '/account/support' });
    await other.page.getByTestId('page-account-support').waitFor();
    await settled(other.page);
    expect(await other.page.getByTestId('support-inquiries').count()).toBe(0);
    expect(await other.page.getByTestId('support-feedback').count()).toBe(0);
    await other.page.goto(`${f.base}/account/try`);
    await settled(other.page);
    expect(await other.page.locator('.empty-state').textContent()).toContain(
      'You subscribe to no product yet.',
    );
    await done(other);
  });

  it('fits a phone: no horizontal overflow at 390 px on either page', async () => {
    for (const path of ['/account/try', '/account/support']) {
      const s = await signIn(f, key, { path, width: 390, lang: 'zh' });
      await settled(s.page);
      expect(await overflows(s.page), path).toBe(false);
      await done(s);
    }
  });
});
