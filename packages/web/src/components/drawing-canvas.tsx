import { type PointerEvent, type RefObject, useEffect, useRef } from 'react';
import { preprocessDigit } from '../playground/preprocess.ts';

export const CANVAS_SIZE = 280;
const STROKE_WIDTH = 18;

/** The canvas's 2D context; the drawing is read back on every stroke, hence the hint. */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext('2d', { willReadFrequently: true });
}

/** Paints the canvas black, the background of an MNIST digit. */
export function clearCanvas(canvas: HTMLCanvasElement): void {
  const ctx = context2d(canvas);
  if (!ctx) return;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
}

/** The canvas drawing as the 28x28 rows an MNIST model expects, or null when it is blank. */
export function readDrawing(canvas: HTMLCanvasElement | null): number[][] | null {
  const ctx = canvas ? context2d(canvas) : null;
  if (!canvas || !ctx) return null;
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return preprocessDigit(data, width, height);
}

/**
 * A 280x280 black canvas to draw on in white with a mouse, a finger or a pen (pointer events
 * cover all three). `onStrokeEnd` runs when a stroke is finished.
 */
export function DrawingCanvas(props: {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  label: string;
  onStrokeEnd?: () => void;
}) {
  const { canvasRef, onStrokeEnd } = props;
  const last = useRef<{ x: number; y: number; id: number } | null>(null);

  useEffect(() => {
    if (canvasRef.current) clearCanvas(canvasRef.current);
  }, [canvasRef]);

  /** Pointer position in canvas pixels, whatever size CSS gives the canvas. */
  const position = (event: PointerEvent<HTMLCanvasElement>) => {
    const canvas = event.currentTarget;
    const rect = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) * canvas.width) / rect.width,
      y: ((event.clientY - rect.top) * canvas.height) / rect.height,
    };
  };

  const strokeTo = (
    canvas: HTMLCanvasElement,
    from: { x: number; y: number },
    to: { x: number; y: number },
  ) => {
    const ctx = context2d(canvas);
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = STROKE_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const p = position(event);
    last.current = { ...p, id: event.pointerId };
    strokeTo(event.currentTarget, p, p); // a tap leaves a dot
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const from = last.current;
    if (!from || from.id !== event.pointerId) return;
    const p = position(event);
    strokeTo(event.currentTarget, from, p);
    last.current = { ...p, id: event.pointerId };
  };

  const onPointerEnd = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current || last.current.id !== event.pointerId) return;
    last.current = null;
    onStrokeEnd?.();
  };

  return (
    <canvas
      ref={canvasRef}
      className="drawing-canvas"
      width={CANVAS_SIZE}
      height={CANVAS_SIZE}
      role="img"
      aria-label={props.label}
      data-testid="playground-canvas"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
    />
  );
}
