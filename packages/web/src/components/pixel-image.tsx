import { useEffect, useRef } from 'react';

/**
 * An image given as row-major, channels-last 0..255 values (1 channel: gray, 3: RGB), drawn at
 * its own size; CSS scales it up with the pixels kept sharp.
 */
export function PixelImage(props: {
  height: number;
  width: number;
  channels: number;
  pixels: ArrayLike<number>;
  label: string;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { height, width, channels, pixels } = props;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    for (let i = 0; i < height * width; i++) {
      const o = i * channels;
      const r = pixels[o] ?? 0;
      const [g, b] = channels === 1 ? [r, r] : [pixels[o + 1] ?? 0, pixels[o + 2] ?? 0];
      image.data.set([r, g, b, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }, [height, width, channels, pixels]);
  return (
    <canvas
      ref={ref}
      className={props.className}
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}
