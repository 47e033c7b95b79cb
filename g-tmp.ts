import { loadBuiltinCorpus, splitCorpus } from './packages/ml/src/data/corpora.ts';
import { bestNgramBitsPerCharacter } from './packages/ml/src/metrics/char-ngram.ts';

for (const name of ['moby-dick', 'tang-poems', 'fortunes-zh'] as const) {
  const c = await loadBuiltinCorpus(name);
  const { train, validation } = splitCorpus(c, { validationFraction: 0.1, seed: 1 });
  const t0 = performance.now();
  const r = bestNgramBitsPerCharacter(
    train.documents.map((d) => d.text),
    validation.documents.map((d) => d.text),
    name === 'moby-dick' ? 7 : 4,
  );
  console.log(
    name,
    r.order,
    r.byOrder.map((x) => x.toFixed(3)).join(' '),
    ((performance.now() - t0) / 1000).toFixed(1) + 's',
  );
}
