import type { LabelingItem } from '@qudao/client';
import { useEffect, useRef } from 'react';

/** Draws an image item's pixels (0..255, HWC) on a canvas, scaled up without smoothing. */
function ImageView({ shape, pixels }: { shape: [number, number, number]; pixels: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [h, w, c] = shape;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const data = context.createImageData(w, h);
    for (let p = 0; p < h * w; p++) {
      const r = pixels[p * c] ?? 0;
      data.data[p * 4] = r;
      data.data[p * 4 + 1] = c === 3 ? (pixels[p * c + 1] ?? 0) : r;
      data.data[p * 4 + 2] = c === 3 ? (pixels[p * c + 2] ?? 0) : r;
      data.data[p * 4 + 3] = 255;
    }
    context.putImageData(data, 0, 0);
  }, [h, w, c, pixels]);
  const scale = Math.max(1, Math.floor(280 / Math.max(h, w)));
  return (
    <canvas
      ref={canvas}
      width={w}
      height={h}
      style={{ width: w * scale, height: h * scale, imageRendering: 'pixelated' }}
      data-testid="labeling-image"
    />
  );
}

/** What a person labels: a text, a row of a table, or an image. */
export function ItemView({ item }: { item: LabelingItem }) {
  const content = item.content;
  if (content.kind === 'text') {
    return (
      <pre className="labeling-text" data-testid="labeling-text" style={{ whiteSpace: 'pre-wrap' }}>
        {content.text}
      </pre>
    );
  }
  if (content.kind === 'tabular') {
    return (
      <table className="data-table" data-testid="labeling-row">
        <tbody>
          {Object.entries(content.values).map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td className="num">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return <ImageView shape={content.shape} pixels={content.pixels} />;
}
