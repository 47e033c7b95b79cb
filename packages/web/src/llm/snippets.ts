/** What the playground sent, to be written as code a customer can run. */
export interface SnippetRequest {
  /** The server's origin, e.g. `https://qudao.example.com`. */
  origin: string;
  model: string;
  prompt: string;
  maxTokens: number;
  temperature?: number;
  seed?: number;
}

export type SnippetLanguage = 'curl' | 'python' | 'javascript';

/** The key stays a placeholder: the owner's token is never written into a snippet. */
const KEY_ENV = 'QUDAO_API_KEY';

/** A string inside single quotes in a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function body(r: SnippetRequest) {
  return {
    model: r.model,
    messages: [{ role: 'user', content: r.prompt }],
    max_tokens: r.maxTokens,
    ...(r.temperature === undefined ? {} : { temperature: r.temperature }),
    ...(r.seed === undefined ? {} : { seed: r.seed }),
    stream: true,
  };
}

/** The same streamed chat completion as curl, Python (openai) or JavaScript (openai). */
export function snippet(language: SnippetLanguage, r: SnippetRequest): string {
  const base = `${r.origin.replace(/\/$/, '')}/v1`;
  const extra = [
    r.temperature === undefined ? null : ['temperature', r.temperature],
    r.seed === undefined ? null : ['seed', r.seed],
  ].filter((x): x is [string, number] => x !== null);
  const prompt = JSON.stringify(r.prompt);
  if (language === 'curl') {
    return [
      `export ${KEY_ENV}=qd_...   # the customer's API key`,
      `curl -N ${base}/chat/completions \\`,
      `  -H "Authorization: Bearer $${KEY_ENV}" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d ${shellQuote(JSON.stringify(body(r)))}`,
    ].join('\n');
  }
  if (language === 'python') {
    return [
      'import os',
      'from openai import OpenAI',
      '',
      `client = OpenAI(base_url=${JSON.stringify(base)}, api_key=os.environ[${JSON.stringify(KEY_ENV)}])`,
      'stream = client.chat.completions.create(',
      `    model=${JSON.stringify(r.model)},`,
      `    messages=[{"role": "user", "content": ${prompt}}],`,
      `    max_tokens=${r.maxTokens},`,
      ...extra.map(([k, v]) => `    ${k}=${v},`),
      '    stream=True,',
      ')',
      'for chunk in stream:',
      '    if chunk.choices:',
      '        print(chunk.choices[0].delta.content or "", end="", flush=True)',
    ].join('\n');
  }
  return [
    "import OpenAI from 'openai';",
    '',
    `const client = new OpenAI({ baseURL: ${JSON.stringify(base)}, apiKey: process.env.${KEY_ENV} });`,
    'const stream = await client.chat.completions.create({',
    `  model: ${JSON.stringify(r.model)},`,
    `  messages: [{ role: 'user', content: ${prompt} }],`,
    `  max_tokens: ${r.maxTokens},`,
    ...extra.map(([k, v]) => `  ${k}: ${v},`),
    '  stream: true,',
    '});',
    "for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');",
  ].join('\n');
}
