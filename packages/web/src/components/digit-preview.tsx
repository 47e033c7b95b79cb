import { useEffect, useRef } from 'react';

/** The 28x28 model input, drawn pixel for pixel and enlarged without smoothing. */
export function DigitPreview(props: { rows: number[][] | null; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { rows } = props;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const size = canvas.width;
    const image = ctx.createImageData(size, size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = rows?.[y]?.[x] ?? 0;
        image.data.set([v, v, v, 255], (y * size + x) * 4);
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [rows]);
  return (
    <canvas
      ref={ref}
      className="digit-preview"
      width={28}
      height={28}
      role="img"
      aria-label={props.label}
      data-testid="playground-preview"
    />
  );
}
