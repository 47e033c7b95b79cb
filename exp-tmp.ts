import { BpeTokenizer } from './packages/ml/src/data/bpe-tokenizer.ts';
import { loadBuiltinCorpus, splitCorpus } from './packages/ml/src/data/corpora.ts';
import { createGpt, resolveGptConfig } from './packages/ml/src/models/gpt.ts';
import { initBackend } from './packages/ml/src/runtime/backend.ts';
import {
  encodeCorpus,
  evaluateLanguageModel,
  trainLanguageModel,
} from './packages/ml/src/training/language-model.ts';

await initBackend();
const [name, vocab, layers, width, steps, lr, ctx, batch, positions] = process.argv.slice(2);
const c = await loadBuiltinCorpus(name as 'moby-dick');
const { train, validation } = splitCorpus(c, { validationFraction: 0.1, seed: 1 });
const tok = BpeTokenizer.train(
  train.documents.map((d) => d.text),
  { vocabSize: Number(vocab) },
);
const tr = encodeCorpus(tok, train),
  va = encodeCorpus(tok, validation);
const context = Number(ctx ?? 128);
const cfg = resolveGptConfig({
  vocabSize: tok.vocabSize,
  context,
  layers: Number(layers),
  width: Number(width),
  heads: 4,
  dropout: 0,
  positions: (positions ?? 'learned') as 'learned',
});
const model = createGpt(cfg);
const r = await trainLanguageModel(model, tr.tokens, {
  context,
  batchSize: Number(batch ?? 16),
  steps: Number(steps),
  learningRate: Number(lr),
  seed: 1,
  onStep: (p) => {
    if (p.step % 100 === 0) console.log(p.step, p.loss.toFixed(3), Math.round(p.tokensPerSecond));
  },
});
const s = evaluateLanguageModel(model, va, { context });
console.log(
  process.argv.slice(2).join(' '),
  'train s',
  r.seconds.toFixed(0),
  'tok/s',
  Math.round(r.tokensPerSecond),
  'val bpc',
  s.bitsPerCharacter.toFixed(3),
  'bpt',
  s.bitsPerToken.toFixed(3),
);
