import { createHash } from 'node:crypto';
import { z } from 'zod';
import { learnByteMerges } from './bpe-train.ts';

/**
 * Pre-tokens, as GPT-2 splits text before merging (contractions, a letter run with its leading
 * space, a number run, a punctuation run, whitespace), with Unicode classes: a run of Chinese
 * characters is one letter run, so merges may join characters into words.
 */
const PRE_TOKENS = /'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Splits text into the pre-tokens BPE merges within (never across). */
export function preTokenize(text: string): string[] {
  return text.match(PRE_TOKENS) ?? [];
}

/** The saved form of a `BpeTokenizer` (stored with the model version, JSON). */
export const bpeTokenizerJsonSchema = z.object({
  kind: z.literal('qudao-byte-bpe'),
  version: z.literal(1),
  /** Merge i makes token 256 + i from the pair [left, right] of earlier token ids. */
  merges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
  /** Special tokens, ids after the merges, never produced by merging text. */
  specials: z.array(z.string().min(1)),
});
export type BpeTokenizerJson = z.infer<typeof bpeTokenizerJsonSchema>;

/** The tokenizer's file does not describe a tokenizer; `code` is stable for callers. */
export class TokenizerFormatError extends Error {
  readonly code = 'registry.bad_tokenizer';
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerFormatError';
  }
}

/** Options of `BpeTokenizer.train`. */
export interface BpeTrainOptions {
  /** Tokens in all: 256 bytes + merges + special tokens (at least 256 + specials). */
  vocabSize: number;
  /** Special tokens (default ['<|endoftext|>']). */
  specials?: string[];
  /** Pairs seen fewer times are not merged (default 2). */
  minFrequency?: number;
}

const END_OF_TEXT = '<|endoftext|>';
const ENCODER = new TextEncoder();
const pairKey = (a: number, b: number) => a * 1_048_576 + b;

/**
 * Byte-level byte-pair encoding (Sennrich et al. 2016, over UTF-8 bytes as GPT-2 does): every
 * text encodes, in any script, with no unknown token; merges learned from a corpus make its
 * frequent byte sequences (English word pieces, whole Chinese characters and words) single
 * tokens. Ids 0–255 are the bytes, then one id per merge, then the special tokens.
 */
export class BpeTokenizer {
  readonly merges: readonly (readonly [number, number])[];
  readonly specials: readonly string[];
  private readonly ranks = new Map<number, number>();
  private readonly pieces: Uint8Array[] = [];
  private readonly cache = new Map<string, number[]>();
  private readonly specialIds = new Map<string, number>();

  private constructor(json: BpeTokenizerJson) {
    this.merges = json.merges;
    this.specials = json.specials;
    for (let b = 0; b < 256; b++) this.pieces.push(Uint8Array.of(b));
    json.merges.forEach(([a, b], i) => {
      const id = 256 + i;
      if (a >= id || b >= id) {
        throw new TokenizerFormatError(`merge ${i} joins token ${Math.max(a, b)}, made later`);
      }
      const piece = new Uint8Array(this.pieces[a]!.length + this.pieces[b]!.length);
      piece.set(this.pieces[a]!);
      piece.set(this.pieces[b]!, this.pieces[a]!.length);
      this.pieces.push(piece);
      this.ranks.set(pairKey(a, b), i);
    });
    const encoder = new TextEncoder();
    json.specials.forEach((s, i) => {
      this.specialIds.set(s, 256 + json.merges.length + i);
      this.pieces.push(encoder.encode(s));
    });
  }

  /** Learns merges on `texts` until the vocabulary holds `vocabSize` tokens. */
  static train(texts: Iterable<string>, options: BpeTrainOptions): BpeTokenizer {
    const specials = options.specials ?? [END_OF_TEXT];
    if (!Number.isInteger(options.vocabSize) || options.vocabSize < 256 + specials.length) {
      throw new RangeError(
        `vocabSize must be an integer of at least ${256 + specials.length} (256 bytes and the special tokens); got ${options.vocabSize}`,
      );
    }
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const piece of preTokenize(text)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
    }
    const merges = learnByteMerges(counts, {
      merges: options.vocabSize - 256 - specials.length,
      minFrequency: options.minFrequency ?? 2,
    });
    return new BpeTokenizer({ kind: 'qudao-byte-bpe', version: 1, merges, specials });
  }

  /** Reads a saved tokenizer (checked: a broken file is refused with the reason). */
  static fromJSON(json: unknown): BpeTokenizer {
    const parsed = bpeTokenizerJsonSchema.safeParse(json);
    if (!parsed.success) {
      throw new TokenizerFormatError(
        `not a Qudao byte-level BPE tokenizer: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    return new BpeTokenizer(parsed.data);
  }

  toJSON(): BpeTokenizerJson {
    return {
      kind: 'qudao-byte-bpe',
      version: 1,
      merges: this.merges.map(([a, b]) => [a, b]),
      specials: [...this.specials],
    };
  }

  /** sha256 of the saved form: names this exact tokenizer in a model version's lineage. */
  fingerprint(): string {
    return createHash('sha256').update(JSON.stringify(this.toJSON())).digest('hex');
  }

  get vocabSize(): number {
    return this.pieces.length;
  }

  /** Id of a special token, or undefined. */
  specialId(token: string): number | undefined {
    return this.specialIds.get(token);
  }

  /** Id of '<|endoftext|>' (the document separator), when the tokenizer has it. */
  get endOfText(): number | undefined {
    return this.specialIds.get(END_OF_TEXT);
  }

  /**
   * Token ids of `text`. Special tokens written in the text are plain text unless
   * `allowSpecial` (a user's prompt must not be able to end a document).
   */
  encode(text: string, options: { allowSpecial?: boolean } = {}): number[] {
    const out: number[] = [];
    const parts = options.allowSpecial && this.specials.length ? this.splitSpecials(text) : [text];
    for (const part of parts) {
      const special = options.allowSpecial ? this.specialIds.get(part) : undefined;
      if (special !== undefined) {
        out.push(special);
        continue;
      }
      for (const piece of preTokenize(part)) out.push(...this.encodePiece(piece));
    }
    return out;
  }

  /** The bytes of the tokens, concatenated. */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    let length = 0;
    for (let i = 0; i < ids.length; i++) length += this.piece(ids[i]!).length;
    const out = new Uint8Array(length);
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      const p = this.piece(ids[i]!);
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Text of the tokens; bytes that are not valid UTF-8 become U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    return new TextDecoder('utf-8').decode(this.decodeBytes(ids));
  }

  /**
   * A decoder for tokens that arrive one by one (streaming): `push` returns the text that is
   * complete so far, holding back the bytes of a character split across tokens.
   */
  streamDecoder(): { push(id: number): string; flush(): string } {
    const decoder = new TextDecoder('utf-8');
    return {
      push: (id) => decoder.decode(this.piece(id), { stream: true }),
      flush: () => decoder.decode(),
    };
  }

  private piece(id: number): Uint8Array {
    const p = this.pieces[id];
    if (!p)
      throw new RangeError(`token id ${id} is outside the vocabulary (0..${this.vocabSize - 1})`);
    return p;
  }

  private splitSpecials(text: string): string[] {
    const escaped = [...this.specials].sort((a, b) => b.length - a.length).map(escapeRegExp);
    return text.split(new RegExp(`(${escaped.join('|')})`, 'u')).filter((p) => p.length > 0);
  }

  /** Merges one pre-token's bytes by rank, lowest first (the order they were learned). */
  private encodePiece(piece: string): number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    const ids = Array.from(ENCODER.encode(piece));
    while (ids.length > 1) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < ids.length; i++) {
        const rank = this.ranks.get(pairKey(ids[i]!, ids[i + 1]!));
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      const [a, b] = this.merges[bestRank]!;
      const merged = 256 + bestRank;
      for (let i = best; i + 1 < ids.length; i++) {
        if (ids[i] === a && ids[i + 1] === b) ids.splice(i, 2, merged);
      }
    }
    if (this.cache.size < 100_000) this.cache.set(piece, ids);
    return ids;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Characters per token of `texts` under `tokenizer` (higher: shorter sequences). */
export function charactersPerToken(tokenizer: BpeTokenizer, texts: Iterable<string>): number {
  let chars = 0;
  let tokens = 0;
  for (const text of texts) {
    chars += [...text].length;
    tokens += tokenizer.encode(text).length;
  }
  return tokens === 0 ? 0 : chars / tokens;
}
