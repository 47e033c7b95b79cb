import { describe, expect, it } from 'vitest';
import { snippet } from './snippets.ts';

const request = {
  origin: 'http://127.0.0.1:7070/',
  model: 'writer',
  prompt: 'Call me Ishmael. It\'s "late".',
  maxTokens: 64,
  seed: 1,
};

describe('playground snippets', () => {
  it('curl sends the streamed request with the key from the environment, quoted for the shell', () => {
    const text = snippet('curl', request);
    expect(text).toContain('curl -N http://127.0.0.1:7070/v1/chat/completions');
    expect(text).toContain('Authorization: Bearer $QUDAO_API_KEY');
    const quoted = /-d '(.*)'$/s.exec(text)?.[1] ?? '';
    // The shell turns '\'' back into one quote: the JSON body is what was sent.
    expect(JSON.parse(quoted.replace(/'\\''/g, "'"))).toEqual({
      model: 'writer',
      messages: [{ role: 'user', content: request.prompt }],
      max_tokens: 64,
      seed: 1,
      stream: true,
    });
  });

  it('Python and JavaScript use the openai client at /v1 and never a real key', () => {
    const python = snippet('python', request);
    expect(python).toContain('OpenAI(base_url="http://127.0.0.1:7070/v1"');
    expect(python).toContain('os.environ["QUDAO_API_KEY"]');
    expect(python).toContain('seed=1,');
    expect(python).toContain(`"content": ${JSON.stringify(request.prompt)}`);
    const js = snippet('javascript', request);
    expect(js).toContain('baseURL: "http://127.0.0.1:7070/v1", apiKey: process.env.QUDAO_API_KEY');
    expect(js).toContain('max_tokens: 64,');
    expect(js).not.toContain('temperature');
  });
});
