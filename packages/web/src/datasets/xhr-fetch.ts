/** How far an upload is: bytes sent of the request body's total. */
export interface UploadProgress {
  sent: number;
  total: number;
}

/**
 * A `fetch` over XMLHttpRequest, whose `upload.onprogress` reports the bytes sent (fetch has no
 * upload progress over HTTP/1.1). It takes what the client passes (method, plain headers, a
 * FormData or string body, a signal) and answers a `Response`, so `client.withFetch(…)` runs the
 * client's own auth and error mapping over it.
 */
export function xhrFetch(onProgress: (progress: UploadProgress) => void): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      xhr.open(init.method ?? 'GET', url);
      for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress({ sent: event.loaded, total: event.total });
      };
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const at = line.indexOf(':');
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
        resolve(new Response(xhr.responseText, { status: xhr.status, headers }));
      };
      xhr.onerror = () => reject(new TypeError('the upload could not reach the server'));
      xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
      init.signal?.addEventListener('abort', () => xhr.abort());
      xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
    });
}
