/**
 * Saves text the API answered as a file. The API wants the bearer token in a header, so a plain
 * link cannot fetch it; the text is fetched by the client and handed to the browser as a blob.
 */
export function saveText(text: string, fileName: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
