import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildProgram } from '@qudao/cli';
import { buildServer, closeContext, createContext } from '@qudao/server';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/qudao.js …` as a user would, in its own process. */
function qudao(args: string[], home?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/qudao.js'), ...(home ? ['--home', home] : []), ...args],
      { cwd: ROOT, env: { ...process.env, QUDAO_LOG_LEVEL: 'silent' }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `--json` promises that the last line printed is one JSON document. */
function lastJson<T = Record<string, unknown>>(run: Run): T {
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/**
 * The `qudao` command as a user runs it: each command is a child process on a temporary
 * workspace. Commands that do not depend on each other run side by side (a start costs ~2 s).
 */
describe('the qudao command line', () => {
  let home: string;
  let empty: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'qudao-cli-'));
    empty = await mkdtemp(path.join(tmpdir(), 'qudao-cli-empty-'));
    // A workspace made once, so commands can open it side by side (each would migrate a new one).
    await closeContext(await createContext({ home, logLevel: 'silent' }));
  });
  afterAll(async () => {
    for (const dir of [home, empty]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('documents every command group in its help, and refuses an unknown dataset with its code', async () => {
    const program = buildProgram();
    const groups = program.commands.map((c) => c.name());
    const [top, refused] = await Promise.all([
      qudao(['--help']),
      qudao(['train', '--data', 'nope', '--model', 'logistic-regression'], empty),
    ]);
    expect(top.code).toBe(0);
    for (const group of groups) expect(top.stdout).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
    expect(groups).toEqual(expect.arrayContaining(['data', 'train', 'eval', 'models', 'deploy']));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error \[data\.dataset_not_found\]: no dataset named "nope"/m);
    // The help of every group and sub-command: the program the bin runs, asked in-process,
    // since each process start costs seconds.
    const visit = (command: Command, trail: string[]) => {
      const help = command.helpInformation();
      expect(command.description(), trail.join(' ')).not.toBe('');
      expect(help).toContain(`Usage: ${trail.join(' ')}`);
      for (const sub of command.commands) {
        expect(help).toMatch(new RegExp(`^  ${sub.name()}\\b`, 'm'));
        visit(sub, [...trail, sub.name()]);
      }
    };
    visit(program, ['qudao']);
  });

  it('imports, trains, evaluates, lists, deploys, sells and meters, command by command', async () => {
    const [importRun, partnerRun] = await Promise.all([
      qudao(['data', 'import', 'iris', '--builtin', 'iris', '--json'], home),
      qudao(['partners', 'add', '--name', 'Acme, Inc.', '--tier', 'gold', '--json'], home),
    ]);
    expect(lastJson(importRun)).toMatchObject({
      dataset: 'iris',
      version: 1,
      rowCount: 150,
      kind: 'tabular',
      classes: ['setosa', 'versicolor', 'virginica'],
      splits: { train: 120, test: 30 },
    });
    const partner = lastJson<{ id: string; name: string; tier: string }>(partnerRun);
    expect(partner).toMatchObject({ name: 'Acme, Inc.', tier: 'gold' });

    const [trainRun, customerRun] = await Promise.all([
      qudao(
        ['train', '--data', 'iris', '--model', 'logistic-regression', '--epochs', '2', '--json'],
        home,
      ),
      qudao(['customers', 'add', '--name', 'Globex', '--partner', partner.id, '--json'], home),
    ]);
    // The fields `qudao train --help` promises on the last line.
    const trained = lastJson<{
      model: string;
      version: number;
      metrics: { test: { accuracy: number; samples: number }; train: { samples: number } };
      trainSamplesPerSecond: number;
      dataset: string;
      run: string;
    }>(trainRun);
    expect(trained).toMatchObject({
      model: 'iris-logistic-regression',
      version: 1,
      dataset: 'iris@1',
    });
    expect(trained.metrics.test.samples).toBe(30);
    expect(trained.metrics.train.samples).toBe(120);
    expect(trained.metrics.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(trained.metrics.test.accuracy).toBeLessThanOrEqual(1);
    expect(trained.trainSamplesPerSecond).toBeGreaterThan(0);
    expect(trained.run).toMatch(/^run_/);
    const customer = lastJson<{ id: string; partnerName: string }>(customerRun);
    expect(customer.partnerName).toBe('Acme, Inc.');

    const [evalRun, listRun, deployRun, keyRun] = await Promise.all([
      qudao(['eval', 'iris-logistic-regression@1', '--data', 'iris', '--json'], home),
      qudao(['models', 'list', '--json'], home),
      qudao(['deploy', 'iris-logistic-regression@1', '--name', 'iris', '--json'], home),
      qudao(['keys', 'create', '--customer', customer.id, '--json'], home),
    ]);
    const evaluated = lastJson<{ model: string; headline: { accuracy: number } }>(evalRun);
    expect(evaluated.model).toBe('iris-logistic-regression@1');
    expect(evaluated.headline.accuracy).toBe(trained.metrics.test.accuracy);
    const models =
      lastJson<{ name: string; versions: { version: number; dataset: string }[] }[]>(listRun);
    expect(models.map((m) => [m.name, m.versions.map((v) => [v.version, v.dataset])])).toEqual([
      ['iris-logistic-regression', [[1, 'iris']]],
    ]);
    expect(lastJson(deployRun)).toMatchObject({
      name: 'iris',
      model: 'iris-logistic-regression',
      version: 1,
      status: 'active',
      inputShape: [4],
    });
    const key = lastJson<{ key: string; customerId: string; status: string }>(keyRun);
    expect(key).toMatchObject({ customerId: customer.id, status: 'active' });
    expect(key.key).toMatch(/^qd_/);

    // A customer calls only what is sold: put the endpoint on a plan first.
    const planRun = await qudao(
      ['plans', 'add', '--name', 'Starter', '--currency', 'USD', '--json'],
      home,
    );
    const plan = lastJson<{ id: string; name: string }>(planRun);
    expect(plan.name).toBe('Starter');
    const productRun = await qudao(
      ['products', 'add', '--name', 'Iris', '--endpoint', 'iris', '--plan', plan.id, '--json'],
      home,
    );
    expect(lastJson(productRun)).toMatchObject({ endpoint: 'iris' });

    // One call with the new key, through the API of the same workspace, then the meter.
    const ctx = await createContext({ home, logLevel: 'silent' });
    try {
      const app = await buildServer(ctx);
      const called = await app.inject({
        method: 'POST',
        url: '/api/v1/endpoints/iris/predict',
        headers: { authorization: `Bearer ${key.key}` },
        payload: {
          inputs: [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }],
        },
      });
      expect(called.statusCode, called.body).toBe(200);
      await app.close();
    } finally {
      await closeContext(ctx);
    }
    const usage = lastJson<{ name: string; calls: number }[]>(
      await qudao(['usage', '--by', 'customer', '--json'], home),
    );
    expect(usage.map((u) => [u.name, u.calls])).toEqual([['Globex', 1]]);
    // Ten process starts: on a loaded machine this takes minutes, not seconds.
  }, 300_000);
});
