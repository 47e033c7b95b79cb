import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QudaoClient } from '@qudao/client';
import { encodeGrayPng } from '@qudao/ml';
import {
  type AppContext,
  createApiKey,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  deploy,
  endpointNames,
  importDataset,
  listCustomers,
  listPartners,
  listPlans,
  listProducts,
  loadSplitDataset,
  startServer,
  usageBy,
} from '@qudao/server';
import type { Command } from 'commander';
import { ensureConsoleBuilt } from '../console-build.ts';
import { percent } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';
import { runChannelsDemo } from './demo-channels.ts';
import { announce, untilStopped } from './serve.ts';
import { trainWithProgress } from './train.ts';
import { printUsage } from './usage.ts';

const int = (v: string) => Number.parseInt(v, 10);

interface DemoFlags {
  epochs: number;
  batchSize: number;
  port?: number;
  exit?: boolean;
  predictions: number;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'the whole path on real data: import MNIST, train and evaluate the CNN, register and deploy it, create a partner, customer and key, serve, and call the endpoint',
    )
    .option('--epochs <n>', 'training epochs', int, 5)
    .option('--batch-size <n>', 'training batch size', int, 64)
    .option('--port <n>', 'server port (default 7070; a free one if taken)', int)
    .option('--predictions <n>', 'calls to send through the customer key', int, 8)
    .option('--exit', 'stop after the demo instead of serving until Ctrl-C')
    .option(
      '--channels',
      'instead: a seeded year of channel sales (partners, usage, deals, statements)',
    )
    .option('--seed <n>', 'seed of --channels', int, 42)
    .option(
      '--scale <year|company>',
      'size of --channels: company (two years, 1,600 customers, the intelligence models) or year',
      'company',
    )
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<
        DemoFlags & { channels?: boolean; seed: number; scale: 'year' | 'company' }
      >(command);
      if (opts.channels) return withWorkspace(opts, (ctx) => runChannelsDemo(ctx, opts));
      await withWorkspace(opts, (ctx) => runDemo(ctx, opts));
    });
}

async function runDemo(ctx: AppContext, opts: DemoFlags) {
  step(1, 'import the built-in MNIST data set (10,000 images; 8,000 train / 2,000 test)');
  const { version: data } = await importDataset(ctx, { name: 'mnist', builtin: 'mnist' });
  console.log(
    `   mnist@${data.version}: ${data.rowCount} images ${data.shape.join('x')}, hash ${data.hash.slice(0, 12)}`,
  );

  step(2, `train the cnn template for ${opts.epochs} epochs (backend ${ctx.backend.name})`);
  const trained = await trainWithProgress(ctx, {
    data: `mnist@${data.version}`,
    model: 'cnn',
    epochs: opts.epochs,
    batchSize: opts.batchSize,
    lr: 0.001,
    seed: 42,
    name: 'mnist-cnn',
  });

  step(3, 'evaluate on the 2,000 held-out test images');
  console.log(
    `   test accuracy ${percent(trained.metrics.test.accuracy)}, loss ${trained.metrics.test.loss.toFixed(4)}; trained at ${Math.round(trained.trainSamplesPerSecond)} img/s in ${trained.trainSeconds.toFixed(1)} s`,
  );
  printConfusion(trained.metrics.confusionMatrix);

  step(
    4,
    `register and deploy ${trained.model}@${trained.version} as endpoint "mnist", sold on a plan`,
  );
  await deploy(ctx, { name: 'mnist', model: trained.model, version: trained.version });
  // Customers may call only endpoints sold as products: every admitted call is priced.
  if (!(await listProducts(ctx)).some((p) => p.endpoint === 'mnist')) {
    const plan =
      (await listPlans(ctx)).find((p) => p.name === 'Demo') ??
      (await createPlan(ctx, {
        name: 'Demo',
        currency: 'USD',
        tiers: [{ upTo: null, priceMinor: 1 }],
      }));
    await createProduct(ctx, { name: 'MNIST digits', endpoint: 'mnist', plan: plan.id });
  }

  step(5, 'create a demo partner, a customer sold through it, and the customer’s API key');
  const partner =
    (await listPartners(ctx)).find((p) => p.name === 'Demo Reseller') ??
    (await createPartner(ctx, { name: 'Demo Reseller', tier: 'gold', region: 'APAC' }));
  const customer =
    (await listCustomers(ctx)).find(
      (c) => c.name === 'Demo Customer' && c.partnerId === partner.id,
    ) ?? (await createCustomer(ctx, { name: 'Demo Customer', partnerId: partner.id }));
  const key = await createApiKey(ctx, customer.id);
  console.log(`   partner ${partner.id}, customer ${customer.id}, key ${key.key}`);

  step(6, 'serve the API and the console');
  ensureConsoleBuilt();
  const server = await startDemoServer(ctx, opts.port);
  announce(ctx, server.url, server.consoleUrl);

  step(7, `send ${opts.predictions} held-out test images through the customer key`);
  const client = new QudaoClient({ baseUrl: server.url, token: key.key });
  const { test } = await loadSplitDataset(ctx, 'mnist', data.version);
  if (test.kind !== 'image') throw new Error('the demo dataset mnist must be an image dataset');
  // A held-out digit as a PNG, for the "Try it" line below.
  const digitPng = path.join(ctx.config.home, 'digit.png');
  await writeFile(digitPng, encodeGrayPng(test.images.subarray(0, 784), 28, 28));
  let correct = 0;
  for (let i = 0; i < opts.predictions; i++) {
    const row = Math.floor((i * test.labels.length) / opts.predictions);
    const rows: number[][] = Array.from({ length: 28 }, (_, y) =>
      Array.from(test.images.subarray(row * 784 + y * 28, row * 784 + y * 28 + 28)),
    );
    const prediction = await client.serving.predict({
      params: { name: 'mnist' },
      body: { image: rows },
    });
    const actual = test.classes[test.labels[row]!]!;
    if (prediction.label === actual) correct++;
    console.log(
      `   image ${row}: predicted ${prediction.label}, actual ${actual} ${prediction.label === actual ? '✓' : '✗'}  (${prediction.latencyMs.toFixed(1)} ms)`,
    );
  }
  console.log(`   ${correct}/${opts.predictions} correct`);

  step(8, 'usage recorded for billing (by customer, then by partner)');
  printUsage(await usageBy(ctx, 'customer', (ids) => endpointNames(ctx, ids)), {});
  console.log();
  printUsage(await usageBy(ctx, 'partner', (ids) => endpointNames(ctx, ids)), {});
  console.log();
  if (server.consoleUrl) console.log(`Open the console: ${server.consoleUrl}`);
  const shownPng = path.relative(process.cwd(), digitPng) || digitPng;
  console.log(
    `Try it:  npx qudao predict mnist ${shownPng} --key ${key.key} --url ${server.url}   (a held-out test digit ${test.classes[test.labels[0]!]})`,
  );
  if (opts.exit) {
    await server.app.close();
    return;
  }
  console.log('Serving until Ctrl-C.');
  await untilStopped();
  await server.app.close();
}

async function startDemoServer(ctx: AppContext, port?: number) {
  try {
    return await startServer(ctx, { port });
  } catch (error) {
    if ((error as { code?: string }).code !== 'serve.port_in_use' || port !== undefined)
      throw error;
    console.log(`   port ${ctx.config.port} is taken; using a free one`);
    return startServer(ctx, { port: 0 });
  }
}

function step(n: number, text: string) {
  console.log(`\n[${n}/8] ${text}`);
}

function printConfusion(matrix: number[][]) {
  console.log('   confusion matrix (rows: actual, columns: predicted)');
  console.log(`        ${matrix.map((_, i) => String(i).padStart(4)).join('')}`);
  for (const [i, row] of matrix.entries()) {
    console.log(`   ${String(i).padStart(4)} ${row.map((v) => String(v).padStart(4)).join('')}`);
  }
}
