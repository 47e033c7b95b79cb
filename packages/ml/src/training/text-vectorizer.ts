/**
 * A minimal word tokenizer and vocabulary for the text templates: NFKC, lower case, words of
 * letters and digits, each Han character a token of its own (no segmentation dictionary).
 * Kept in training/ until the data package's text tooling lands; the vocabulary travels with
 * the model so serving encodes texts exactly as training did.
 */

/** Id 0 pads, id 1 stands for any word not in the vocabulary. */
export const PAD_TOKEN = '<pad>';
export const UNKNOWN_TOKEN = '<unk>';

const TOKEN = /\p{Script=Han}|[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu;

/** Words of a text, at most `limit` of them (the first ones). */
export function tokenize(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    out.push(match[0]);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The `maxTokens` most frequent words of `texts` (ties broken alphabetically, so the same texts
 * always give the same vocabulary), after `<pad>` and `<unk>`. Only the first `sequenceLength`
 * words of each text count, as only those reach the model.
 */
export function buildVocabulary(
  texts: string[],
  maxTokens: number,
  sequenceLength: number,
): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of tokenize(text, sequenceLength))
      counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const words = [...counts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(0, maxTokens - 2))
    .map(([w]) => w);
  return [PAD_TOKEN, UNKNOWN_TOKEN, ...words];
}

/** Encodes texts as rows of `sequenceLength` ids, padded with 0 at the end, cut at the end. */
export function encodeTexts(
  texts: string[],
  vocabulary: string[],
  sequenceLength: number,
): Float32Array {
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const out = new Float32Array(texts.length * sequenceLength);
  texts.forEach((text, row) => {
    tokenize(text, sequenceLength).forEach((word, t) => {
      out[row * sequenceLength + t] = index.get(word) ?? 1;
    });
  });
  return out;
}
