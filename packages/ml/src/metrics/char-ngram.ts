// A smoothed character n-gram model: the baseline a neural language model has to beat on
// held-out text. Interpolated Kneser-Ney (Chen & Goodman 1999) over characters, with document
// start padding, an end-of-document symbol, and characters seen once in training folded into
// one unknown symbol whose probability is shared out over UTF-8 byte spellings, so every
// string gets a probability (a character never seen in training costs log2(256) per byte).

const BOS = '\u0002';
const EOS = '\u0003';
const UNK = '\u0004';

/** Counts of one order: full counts (the top order) and Kneser-Ney continuation counts. */
interface OrderCounts {
  full: Map<string, number>;
  cont: Map<string, number>;
  /** Per context (the n-gram minus its last character), for full and continuation counts. */
  fullTotals: Map<string, [total: number, types: number]>;
  contTotals: Map<string, [total: number, types: number]>;
  discount: number;
  contDiscount: number;
}

function totals(counts: Map<string, number>): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const [gram, n] of counts) {
    const h = gram.slice(0, -1);
    const t = out.get(h);
    if (t) {
      t[0] += n;
      t[1] += 1;
    } else out.set(h, [n, 1]);
  }
  return out;
}

/** Absolute discount D = n1 / (n1 + 2 n2) from the counts of counts (Ney et al. 1994). */
function discountOf(counts: Map<string, number>): number {
  let n1 = 0;
  let n2 = 0;
  for (const n of counts.values()) {
    if (n === 1) n1++;
    else if (n === 2) n2++;
  }
  return n1 + n2 > 0 ? Math.min(0.95, Math.max(0.05, n1 / (n1 + 2 * n2))) : 0.5;
}

export class CharNgramModel {
  private readonly orders: OrderCounts[] = [];
  private readonly vocabulary: Set<string>;

  /** Learns the counts of orders 1..maxOrder from the training documents. */
  constructor(
    documents: string[],
    readonly maxOrder: number,
  ) {
    const freq = new Map<string, number>();
    for (const d of documents) for (const c of d) freq.set(c, (freq.get(c) ?? 0) + 1);
    this.vocabulary = new Set([...freq].filter(([, n]) => n >= 2).map(([c]) => c));
    this.vocabulary.add(EOS);
    this.vocabulary.add(UNK);
    const full: Map<string, number>[] = Array.from({ length: maxOrder + 1 }, () => new Map());
    for (const d of documents) {
      const chars = [...BOS.repeat(maxOrder - 1), ...[...d].map((c) => this.symbol(c)), EOS];
      for (let i = maxOrder - 1; i < chars.length; i++) {
        let gram = '';
        for (let k = 1; k <= maxOrder; k++) {
          gram = chars[i - k + 1]! + gram;
          full[k]!.set(gram, (full[k]!.get(gram) ?? 0) + 1);
        }
      }
    }
    for (let k = 1; k <= maxOrder; k++) {
      // Continuation count of a k-gram: distinct characters seen before it.
      const cont = new Map<string, number>();
      if (k < maxOrder)
        for (const gram of full[k + 1]!.keys()) {
          const tail = gram.slice(1);
          cont.set(tail, (cont.get(tail) ?? 0) + 1);
        }
      this.orders[k] = {
        full: full[k]!,
        cont,
        fullTotals: totals(full[k]!),
        contTotals: totals(cont),
        discount: discountOf(full[k]!),
        contDiscount: discountOf(cont),
      };
    }
  }

  /** The model's symbols: characters seen twice or more, the end symbol and the unknown one. */
  symbols(): string[] {
    return [...this.vocabulary];
  }

  /** P(next symbol | the text before it), with contexts of up to `order` - 1 symbols. */
  probabilityAfter(before: string, next: string, order = this.maxOrder): number {
    const context = [...BOS.repeat(order - 1), ...[...before].map((c) => this.symbol(c))];
    return this.probability(context.slice(context.length - (order - 1)), next, order);
  }

  private symbol(c: string): string {
    return this.vocabulary.has(c) ? c : UNK;
  }

  /** P(symbol | the previous order-1 symbols), interpolated down to a uniform distribution. */
  private probability(context: string[], symbol: string, order: number): number {
    let p = 1 / this.vocabulary.size;
    for (let k = 1; k <= order; k++) {
      const o = this.orders[k]!;
      const top = k === order;
      const h = context.slice(context.length - (k - 1)).join('');
      const counts = top ? o.full : o.cont;
      const t = (top ? o.fullTotals : o.contTotals).get(h);
      if (!t) continue; // an unseen context: this order adds nothing, keep the lower estimate
      const d = top ? o.discount : o.contDiscount;
      const n = counts.get(h + symbol) ?? 0;
      p = Math.max(n - d, 0) / t[0] + ((d * t[1]) / t[0]) * p;
    }
    return p;
  }

  /**
   * Total cross-entropy in bits of the documents (each character and each document's end),
   * using contexts of up to `order` - 1 characters (default: the model's order).
   */
  bits(documents: string[], order = this.maxOrder): { bits: number; characters: number } {
    let bits = 0;
    let characters = 0;
    for (const d of documents) {
      const context: string[] = Array(order - 1).fill(BOS);
      const chars = [...d];
      for (let i = 0; i <= chars.length; i++) {
        const c = i < chars.length ? chars[i]! : EOS;
        const s = c === EOS ? EOS : this.symbol(c);
        let p = this.probability(context, s, order);
        // The unknown symbol spells the character in bytes, each 1/256.
        if (s === UNK) p *= 256 ** -new TextEncoder().encode(c).length;
        bits -= Math.log2(p);
        if (i < chars.length) characters++;
        context.push(s);
        context.shift();
      }
    }
    return { bits, characters };
  }
}

/** The best held-out bits per character over orders 1..maxOrder, with the order that gave it. */
export function bestNgramBitsPerCharacter(
  train: string[],
  validation: string[],
  maxOrder: number,
): { bitsPerCharacter: number; order: number; byOrder: number[] } {
  const model = new CharNgramModel(train, maxOrder);
  const byOrder: number[] = [];
  for (let k = 1; k <= maxOrder; k++) {
    const { bits, characters } = model.bits(validation, k);
    byOrder.push(bits / characters);
  }
  const best = byOrder.indexOf(Math.min(...byOrder));
  return { bitsPerCharacter: byOrder[best]!, order: best + 1, byOrder };
}
