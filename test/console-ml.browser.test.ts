import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deploy, startTraining } from '@qudao/server';
import { registerTestLanguageModel } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  overflows,
  type SignedIn,
  settled,
  signIn,
  startConsole,
} from './console/console-fixture.ts';
import { chromeText, hanzi, latinWords, seriousViolations } from './console/page-words.ts';

/** The owner's ML journeys: data sets, an endpoint's traffic, run comparison, the GPT playground. */
describe('console ML pages', () => {
  let f: ConsoleFixture;
  let runs: string[] = [];
  const auth = () => ({ authorization: `Bearer ${f.ctx.ownerToken}` });

  beforeAll(async () => {
    f = await startConsole();
    // A second iris model version (another learning rate): a canary target and a run to compare.
    const job = await startTraining(f.ctx, {
      dataset: 'iris',
      model: 'logistic-regression',
      modelName: 'iris-lr',
      epochs: 3,
      learningRate: 0.05,
    });
    const trained = await f.ctx.jobs.waitFor(job.id);
    if (trained.status !== 'succeeded') throw new Error(`second training ${trained.status}`);
    const listed = await f.app.inject({ url: '/api/v1/training/runs', headers: auth() });
    runs = (listed.json() as { id: string }[]).map((r) => r.id);
    await registerTestLanguageModel(f.ctx, 'tiny-gpt');
    await deploy(f.ctx, { name: 'writer', model: 'tiny-gpt', version: 1 });
  });
  afterAll(async () => {
    await f?.close();
  });

  async function done(s: SignedIn) {
    expect(s.forbidden).toEqual([]);
    await s.page.context().close();
  }

  it('uploads a CSV with a progress bar and shows its statistics, cleaning report and rows', async () => {
    const dir = await mkdtemp(path.join(f.ctx.paths.tmp, 'upload-'));
    const file = path.join(dir, 'flowers.csv');
    const lines = ['petal,sepal,kind'];
    for (let i = 0; i < 3000; i++)
      lines.push(`${(i % 37) / 10},${(i % 23) / 10 + i / 1e4},${i % 3 ? 'tall' : 'short'}`);
    lines.push(lines[1]!); // a duplicate
    lines.push('1.5,,tall'); // a missing field
    await writeFile(file, `${lines.join('\n')}\n`);
    const s = await signIn(f, f.ctx.ownerToken, { path: '/datasets' });
    const { page } = s;
    const form = page.getByTestId('upload-form');
    await form.locator('[name=name]').fill('flowers');
    await form.locator('[name=file]').setInputFiles(file);
    // Slow the upload down so the bar can be seen moving: 20 KB/s for a ~50 KB body.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 20 * 1024,
    });
    await page.evaluate(`(() => {
      window.__progress = [];
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=upload-progress] progress');
        if (bar) window.__progress.push([Number(bar.value), Number(bar.max)]);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    })()`);
    await form.getByRole('button', { name: 'Upload' }).click();
    const doneNote = page.getByTestId('upload-done');
    await doneNote.waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const seen = (await page.evaluate('window.__progress')) as [number, number][];
    const total = seen.at(-1)?.[1] ?? 0;
    expect(total).toBeGreaterThan(40_000);
    // The bar moved: values strictly between empty and full were drawn, and it reached full.
    expect(seen.some(([v, max]) => v > 0 && v < max)).toBe(true);
    expect(seen.some(([v, max]) => v === max)).toBe(true);
    await expect.poll(() => doneNote.textContent()).toContain('flowers@1');

    await doneNote.getByRole('link').click();
    await page.waitForURL(/\/datasets\/flowers\?version=1$/);
    await settled(page);
    const versions = await f.app.inject({
      url: '/api/v1/datasets/flowers/versions',
      headers: auth(),
    });
    const [version] = versions.json() as {
      rowCount: number;
      splits: { train: number; test: number };
    }[];
    expect(version!.rowCount).toBe(3000);
    await expect.poll(() => page.getByTestId('stat-rows').textContent()).toContain('3,000');
    await expect
      .poll(() => page.getByTestId('stat-train').textContent())
      .toContain(version!.splits.train.toLocaleString('en-US'));
    await expect.poll(() => page.getByTestId('stat-classes').textContent()).toContain('2');
    // One bar per class, drawn by ECharts.
    await expect
      .poll(() => page.getByTestId('balance-chart').locator('path[fill]:not([fill=none])').count())
      .toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('report-summary').textContent()).toBe(
      '3,002 rows read · 3,000 kept · 2 dropped',
    );
    const dropped = page.getByTestId('dropped-rows');
    expect(await dropped.locator('[data-dropped=duplicates]').count()).toBe(1);
    const missing = (await dropped.locator('[data-dropped=missing_fields]').textContent()) ?? '';
    // Where it was (file and line) and the row as read.
    expect(missing).toContain('flowers.csv:3003');
    expect(missing).toContain('"petal":"1.5","sepal":""');
    const preview = page.getByTestId('row-table');
    expect(await preview.locator('tbody tr').count()).toBe(24);
    await expect.poll(() => preview.locator('[data-row="0"]').textContent()).toContain('short');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect
      .poll(() => preview.locator('tbody tr').first().getAttribute('data-row'))
      .toBe('24');
    await done(s);
  });

  it('imports a built-in data set from the form', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/datasets' });
    const form = s.page.getByTestId('import-form');
    await form.locator('[name=builtin]').selectOption('boston');
    await form.getByRole('button').click();
    const note = s.page.getByTestId('import-done');
    await expect
      .poll(() => note.textContent(), { timeout: 30_000 })
      .toContain('boston@1: 506 rows');
    const row = s.page.locator('[data-dataset=boston]');
    await expect.poll(() => row.textContent()).toContain('regression');
    await done(s);
  });

  it('starts a canary from the endpoint page, rolls it back, and shows who did what', async () => {
    for (let i = 0; i < 5; i++) {
      await f.app.inject({
        method: 'POST',
        url: '/api/v1/endpoints/iris/predict',
        headers: auth(),
        payload: { inputs: [[5.1, 3.5, 1.4, 0.2]] },
      });
    }
    // The prediction log is written just after each call.
    const logged = async () => {
      const live = await f.app.inject({ url: '/api/v1/endpoints/iris/live', headers: auth() });
      return (live.json() as { versions: { calls: number }[] }).versions[0]?.calls ?? 0;
    };
    await expect.poll(logged).toBe(5);
    const s = await signIn(f, f.ctx.ownerToken, { path: '/endpoints' });
    const { page } = s;
    await page.locator('[data-endpoint=iris]').getByRole('link', { name: 'iris' }).click();
    await page.waitForURL(/\/endpoints\/iris$/);
    const canary = page.getByTestId('canary-form');
    await canary.locator('[name=target]').selectOption('v:2');
    await canary.locator('[name=percent]').fill('20');
    await canary.getByRole('button').click();
    await expect.poll(() => page.getByTestId('arm-canary').textContent()).toContain('v2 · 20%');
    const history = page.getByTestId('history-table');
    await expect.poll(() => history.locator('[data-action=canary]').count()).toBe(1);

    await page.getByTestId('decide-card').locator('[name=reason]').fill('error rate');
    await page.getByTestId('rollback').click();
    await expect.poll(() => page.getByTestId('arm-canary').textContent()).toContain('none');
    await expect.poll(() => history.locator('[data-action=rollback]').count()).toBe(1);
    const rollback = history.locator('[data-action=rollback]');
    await expect.poll(() => rollback.textContent()).toContain('rolled back');
    await expect.poll(() => rollback.textContent()).toContain('owner');
    await expect.poll(() => rollback.textContent()).toContain('error rate');
    const events = (
      await f.app.inject({ url: '/api/v1/endpoints/iris/history', headers: auth() })
    ).json() as { action: string; actor: string; detail: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual(['deploy', 'canary', 'rollback']);
    expect(events[1]).toMatchObject({
      actor: 'owner',
      detail: expect.objectContaining({ percent: 20 }),
    });

    // The calls made above, from the prediction log.
    const main = page.getByTestId('live-table').locator('[data-arm=primary]');
    await expect
      .poll(async () => Number((await main.locator('[data-calls]').textContent()) ?? 0))
      .toBe(5);
    // Nothing has drifted; the check says so rather than failing.
    await page.getByTestId('alerts-panel').getByText('No alerts').waitFor();
    await done(s);
  });

  it('stops and starts the endpoint from its page', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/endpoints/iris-pro' });
    await s.page.getByTestId('endpoint-stop').click();
    await s.page.getByTestId('endpoint-start').waitFor();
    const stopped = await f.app.inject({ url: '/api/v1/endpoints/iris-pro', headers: auth() });
    expect(stopped.json().status).toBe('stopped');
    await s.page.getByTestId('endpoint-start').click();
    await s.page.getByTestId('endpoint-stop').waitFor();
    const started = await f.app.inject({ url: '/api/v1/endpoints/iris-pro', headers: auth() });
    expect(started.json().status).toBe('active');
    await done(s);
  });

  it('runs a shadow, refuses a canary of the served version, and promotes a canary', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/endpoints/iris-pro' });
    const { page } = s;
    const shadow = page.getByTestId('shadow-form');
    await shadow.locator('[name=target]').selectOption('v:2');
    await shadow.locator('[name=percent]').fill('50');
    await shadow.getByRole('button', { name: 'Start shadow' }).click();
    await expect
      .poll(() => page.getByTestId('arm-shadow').textContent())
      .toContain('v2 · 50% of calls');
    await page.getByTestId('shadow-stop').click();
    await expect.poll(() => page.getByTestId('arm-shadow').textContent()).toContain('none');

    // A canary of what it serves already is refused with the sentence for the code.
    const canary = page.getByTestId('canary-form');
    await canary.locator('[name=target]').selectOption('v:1');
    await canary.getByRole('button').click();
    const error = page.getByTestId('traffic-panel').getByTestId('error-box');
    await expect.poll(() => error.getAttribute('data-code')).toBe('serving.bad_traffic');
    // No target at all is caught by the server's own schema before any call.
    await canary.locator('[name=target]').selectOption('');
    await canary.getByRole('button').click();
    await canary.locator('[data-field-error="canary.version"]').waitFor();

    await canary.locator('[name=target]').selectOption('v:2');
    await canary.getByRole('button').click();
    await expect.poll(() => page.getByTestId('arm-canary').textContent()).toContain('v2 · 10%');
    await page.getByTestId('promote').click();
    await expect.poll(() => page.getByTestId('arm-main').textContent()).toContain('v2 · 100%');
    await expect.poll(() => page.locator('.page-header').textContent()).toContain('iris-lr v2');
    const history = page.getByTestId('history-table');
    await expect.poll(() => history.locator('[data-action=promote]').count()).toBe(1);
    const events = (
      await f.app.inject({ url: '/api/v1/endpoints/iris-pro/history', headers: auth() })
    ).json() as { action: string }[];
    // The four changes made here, after the deploy (and the stop and start of the test above).
    expect(events.map((e) => e.action).slice(-4)).toEqual([
      'shadow',
      'shadow.stopped',
      'canary',
      'promote',
    ]);
    await done(s);
  });

  it('compares two runs: the settings that differ and both curves on loss and accuracy axes', async () => {
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const s = await signIn(f, f.ctx.ownerToken, { path: '/runs' });
    const { page } = s;
    await page.getByTestId('compare-link').click();
    await page.waitForURL(/\/runs\/compare$/);
    // Opens on the two newest runs; picking them explicitly puts them in the address.
    const picker = page.getByTestId('compare-picker');
    await picker.locator(`[data-run="${runs[0]}"] input`).uncheck();
    await expect.poll(() => page.url()).toContain(`runs=${runs[1]}`);
    await picker.locator(`[data-run="${runs[0]}"] input`).check();
    const diff = page.getByTestId('config-diff');
    const rate = diff.locator('[data-key=learningRate]');
    await expect.poll(() => rate.textContent()).toMatch(/0\.1.*0\.05|0\.05.*0\.1/);
    expect(await diff.locator('[data-key=epochs]').textContent()).toMatch(/2.*3|3.*2/);
    expect(await diff.locator('[data-key=modelName]').count()).toBe(0);
    expect(await page.getByTestId('metrics-diff').locator('[data-metric=accuracy]').count()).toBe(
      1,
    );
    // Two runs × (loss, accuracy): four lines.
    const chart = page.getByTestId('compare-chart');
    await expect.poll(() => chart.locator('path[fill=none]').count()).toBeGreaterThanOrEqual(4);
    const url = new URL(page.url());
    expect(url.searchParams.get('runs')?.split(',').sort()).toEqual([runs[0], runs[1]].sort());
    await done(s);
  });

  it('streams a completion token by token in the GPT playground, with tokens, cost and code', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/endpoints' });
    const { page } = s;
    // A language model's "Try" opens the GPT playground, not the drawing one.
    await page.locator('[data-endpoint=writer]').getByRole('link', { name: 'Try' }).click();
    await page.waitForURL(/\/chat\/writer$/);
    const form = page.getByTestId('chat-form');
    await form.locator('[name=maxTokens]').fill('48');
    await form.locator('[name=seed]').fill('3');
    await form.locator('[name=prompt]').fill('Call me Ishmael.');
    await page.evaluate(`(() => {
      window.__lengths = [];
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid=completion]');
        if (el) window.__lengths.push(el.textContent.length);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByTestId('chat-send').click();
    const usage = page.getByTestId('chat-usage');
    await usage.waitFor({ timeout: 30_000 });
    const streamed = (await page.getByTestId('completion').textContent()) ?? '';
    expect(streamed.length).toBeGreaterThan(0);
    const lengths = [...new Set((await page.evaluate('window.__lengths')) as number[])];
    expect(lengths.filter((n) => n > 0 && n < streamed.length).length).toBeGreaterThan(0);

    // The same request without streaming gives the same text (same seed), and its token counts.
    const whole = await f.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: auth(),
      payload: {
        model: 'writer',
        messages: [{ role: 'user', content: 'Call me Ishmael.' }],
        max_tokens: 48,
        seed: 3,
      },
    });
    const body = whole.json() as {
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    expect(streamed).toBe(body.choices[0]!.message.content);
    await expect
      .poll(() => usage.textContent())
      .toContain(
        `${body.usage.prompt_tokens} prompt + ${body.usage.completion_tokens} completion tokens`,
      );
    expect(await page.getByTestId('chat-cost').textContent()).toBe(
      'Owner test calls are not billed.',
    );
    const snippet = page.getByTestId('snippet');
    await expect
      .poll(() => snippet.textContent())
      .toContain(`curl -N ${f.base}/v1/chat/completions`);
    expect(await snippet.textContent()).not.toContain(f.ctx.ownerToken);
    await page.getByTestId('snippets').getByRole('button', { name: 'Python' }).click();
    await expect.poll(() => snippet.getAttribute('data-language')).toBe('python');
    await expect.poll(() => snippet.textContent()).toContain('seed=3,');
    await done(s);
  });

  it('a stream refused by the gateway shows the sentence for its code', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/chat/writer', lang: 'zh' });
    const form = s.page.getByTestId('chat-form');
    await form.locator('[name=prompt]').fill('whale '.repeat(400));
    await s.page.getByTestId('chat-send').click();
    const error = s.page.getByTestId('chat-answer').getByTestId('error-box');
    await expect.poll(() => error.getAttribute('data-code')).toBe('gateway.context_exceeded');
    await expect.poll(() => error.textContent()).toContain('提示词已达到模型上下文长度');
    await done(s);
  });

  const DETAIL_PAGES = [
    '/datasets',
    '/datasets/iris',
    '/endpoints/iris',
    '/runs/compare',
    '/chat/writer',
  ];

  it('detail pages: no serious accessibility violation, no overflow at 390 px', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { width: 390 });
    for (const url of DETAIL_PAGES) {
      await s.page.goto(`${f.base}${url}`);
      await settled(s.page);
      expect(await overflows(s.page), `${url} overflows at 390 px`).toBe(false);
      expect(await seriousViolations(s.page, url)).toEqual([]);
    }
    await done(s);
  });

  it('detail pages: no English in Chinese, no Chinese in English', async () => {
    const zh = await signIn(f, f.ctx.ownerToken, { lang: 'zh' });
    for (const url of DETAIL_PAGES) {
      await zh.page.goto(`${f.base}${url}`);
      await settled(zh.page);
      expect(latinWords(await chromeText(zh.page)), url).toEqual([]);
    }
    await done(zh);
    const en = await signIn(f, f.ctx.ownerToken, { lang: 'en' });
    for (const url of DETAIL_PAGES) {
      await en.page.goto(`${f.base}${url}`);
      await settled(en.page);
      expect(hanzi(await chromeText(en.page)), url).toEqual([]);
    }
    await done(en);
  });
});
