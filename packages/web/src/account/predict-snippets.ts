import type { PredictRequest } from '@qudao/client';
import type { SnippetLanguage } from '../llm/snippets.ts';

/** The key stays a placeholder: no credential of the session is ever written into a snippet. */
const KEY_ENV = 'QUDAO_API_KEY';

/** A string inside single quotes in a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One prediction (`POST /api/v1/endpoints/:name/predict`) as curl, Python or JavaScript. */
export function predictSnippet(
  language: SnippetLanguage,
  r: { origin: string; endpoint: string; body: PredictRequest },
): string {
  const url = `${r.origin.replace(/\/$/, '')}/api/v1/endpoints/${encodeURIComponent(r.endpoint)}/predict`;
  const json = JSON.stringify(r.body);
  if (language === 'curl') {
    return [
      `export ${KEY_ENV}=qd_...   # one of your API keys`,
      `curl ${url} \\`,
      `  -H "Authorization: Bearer $${KEY_ENV}" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d ${shellQuote(json)}`,
    ].join('\n');
  }
  if (language === 'python') {
    return [
      'import json, os, urllib.request',
      '',
      'request = urllib.request.Request(',
      `    ${JSON.stringify(url)},`,
      `    data=json.dumps(json.loads(${JSON.stringify(json)})).encode(),`,
      '    headers={',
      `        "Authorization": "Bearer " + os.environ[${JSON.stringify(KEY_ENV)}],`,
      '        "Content-Type": "application/json",',
      '    },',
      ')',
      'with urllib.request.urlopen(request) as answer:',
      '    print(json.load(answer))',
    ].join('\n');
  }
  return [
    `const answer = await fetch(${JSON.stringify(url)}, {`,
    "  method: 'POST',",
    '  headers: {',
    `    authorization: \`Bearer \${process.env.${KEY_ENV}}\`,`,
    "    'content-type': 'application/json',",
    '  },',
    `  body: JSON.stringify(${json}),`,
    '});',
    'console.log(await answer.json());',
  ].join('\n');
}
