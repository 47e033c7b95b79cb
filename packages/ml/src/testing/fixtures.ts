import type { TabularDataset, TextDataset } from '../data/dataset-types.ts';
import { createRng } from '../data/random.ts';

/** Small synthetic datasets for tests: fast to train on, with a known answer. */

/** y = 3·a − 2·b + 0.5·c + 10 + small noise; `d` is noise the model should ignore. */
export function syntheticRegression(n: number, seed: number): TabularDataset {
  const rng = createRng(seed);
  const features = new Float32Array(n * 4);
  const target = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c, d] = [rng() * 4, rng() * 2, rng() * 10, rng()];
    features.set([a, b, c, d], i * 4);
    target[i] = 3 * a - 2 * b + 0.5 * c + 10 + (rng() - 0.5) * 0.2;
  }
  return {
    kind: 'tabular',
    columns: ['a', 'b', 'c', 'd'],
    features,
    rowCount: n,
    task: 'regression',
    target,
    targetName: 'y',
  };
}

/** Three classes by which of three feature columns is largest (plus a noise column). */
export function syntheticClasses(n: number, seed: number, classes = 3): TabularDataset {
  const rng = createRng(seed);
  const features = new Float32Array(n * (classes + 1));
  const labels = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 0; c <= classes; c++) {
      const v = rng();
      features[i * (classes + 1) + c] = v;
      if (c < classes && v > features[i * (classes + 1) + best]!) best = c;
    }
    labels[i] = best;
  }
  return {
    kind: 'tabular',
    columns: [...Array.from({ length: classes }, (_, c) => `x${c}`), 'noise'],
    features,
    rowCount: n,
    task: 'classification',
    labels,
    classes: Array.from({ length: classes }, (_, c) => `class${c}`),
    targetName: 'label',
  };
}

const HAM = [
  'meeting',
  'tomorrow',
  'project',
  'report',
  'lunch',
  'thanks',
  'review',
  'notes',
  'team',
  'schedule',
];
const SPAM = [
  'free',
  'winner',
  'cash',
  'prize',
  'click',
  'offer',
  'credit',
  'cheap',
  'urgent',
  'viagra',
];
const COMMON = [
  'the',
  'a',
  'you',
  'we',
  'for',
  'and',
  'to',
  'is',
  'this',
  'please',
  'now',
  'today',
];

/** Mails of a handful of words: spam has one or two spam words among common ones. */
export function syntheticSpam(n: number, seed: number): TextDataset {
  const rng = createRng(seed);
  const pick = (words: string[]) => words[Math.floor(rng() * words.length)]!;
  const texts: string[] = [];
  const labels = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const spam = i % 2 === 1;
    const words = Array.from({ length: 4 + Math.floor(rng() * 6) }, () => pick(COMMON));
    const marked = 1 + Math.floor(rng() * 2);
    for (let m = 0; m < marked; m++)
      words.splice(Math.floor(rng() * words.length), 0, pick(spam ? SPAM : HAM));
    texts.push(words.join(' '));
    labels[i] = spam ? 1 : 0;
  }
  return { kind: 'text', texts, labels, classes: ['ham', 'spam'] };
}
