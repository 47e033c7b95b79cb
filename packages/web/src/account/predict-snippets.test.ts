import { describe, expect, it } from 'vitest';
import { predictSnippet } from './predict-snippets.ts';

const request = {
  origin: 'http://127.0.0.1:7070/',
  endpoint: 'digits',
  body: { text: 'it\'s "broken" again' },
};

describe('predict snippets', () => {
  it('curl posts the same JSON body with the key from the environment, quoted for the shell', () => {
    const text = predictSnippet('curl', request);
    expect(text).toContain('curl http://127.0.0.1:7070/api/v1/endpoints/digits/predict');
    expect(text).toContain('Authorization: Bearer $QUDAO_API_KEY');
    const quoted = /-d '(.*)'$/s.exec(text)?.[1] ?? '';
    expect(JSON.parse(quoted.replace(/'\\''/g, "'"))).toEqual(request.body);
  });

  it('Python and JavaScript read the key from the environment and send the same body', () => {
    const python = predictSnippet('python', request);
    expect(python).toContain('os.environ["QUDAO_API_KEY"]');
    const literal = /json\.loads\((".*")\)/.exec(python)?.[1] ?? '""';
    expect(JSON.parse(JSON.parse(literal))).toEqual(request.body);
    const js = predictSnippet('javascript', request);
    expect(js).toContain('process.env.QUDAO_API_KEY');
    const body = /JSON\.stringify\((.*)\),$/m.exec(js)?.[1] ?? 'null';
    expect(JSON.parse(body)).toEqual(request.body);
  });

  it('never writes a credential, and escapes an endpoint name in the URL', () => {
    const text = predictSnippet('curl', { ...request, endpoint: 'a b' });
    expect(text).toContain('/api/v1/endpoints/a%20b/predict');
    expect(text).not.toMatch(/qd_[A-Za-z0-9]{8,}/);
  });
});
