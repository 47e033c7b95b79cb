import { describe, expect, it } from 'vitest';
import {
  centerOfMass,
  cropAndResize,
  inkBounds,
  MNIST_BOX,
  MNIST_SIZE,
  preprocessDigit,
  toGrayscale,
} from './preprocess.ts';

/** A black grayscale canvas with white rectangles painted on it. */
function canvas(
  width: number,
  height: number,
  rects: { x: number; y: number; w: number; h: number; v?: number }[],
): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(width * height);
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) pixels[y * width + x] = r.v ?? 255;
    }
  }
  return pixels;
}

function toRgba(gray: Uint8ClampedArray): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(gray.length * 4);
  gray.forEach((v, i) => {
    rgba.set([v, v, v, 255], i * 4);
  });
  return rgba;
}

/** Bounding box and center of mass of the ink in 28x28 rows. */
function describeRows(rows: number[][]) {
  const flat = new Uint8ClampedArray(rows.flat());
  const gray = toGrayscale(flat, MNIST_SIZE, MNIST_SIZE);
  return { box: inkBounds(gray), com: centerOfMass(gray) };
}

/** An "L"-like shape: a vertical bar and a foot, asymmetric so the center of mass moves. */
function lShape(dx: number, dy: number, size: number) {
  return [
    { x: dx, y: dy, w: size / 5, h: size },
    { x: dx, y: dy + (size * 4) / 5, w: (size * 3) / 5, h: size / 5 },
  ];
}

describe('preprocessDigit', () => {
  it('returns null for an empty drawing', () => {
    expect(preprocessDigit(new Uint8ClampedArray(280 * 280), 280, 280)).toBeNull();
    expect(preprocessDigit(new Uint8ClampedArray(280 * 280 * 4), 280, 280)).toBeNull();
  });

  it('gives 28 rows of 28 integers in 0..255', () => {
    const rows = preprocessDigit(canvas(280, 280, lShape(40, 30, 150)), 280, 280)!;
    expect(rows).toHaveLength(MNIST_SIZE);
    for (const row of rows) {
      expect(row).toHaveLength(MNIST_SIZE);
      for (const v of row) {
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(255);
      }
    }
  });

  it('scales the longer side of the ink to 20px and keeps the aspect ratio', () => {
    // A tall bar 40x200 becomes 4x20.
    const rows = preprocessDigit(canvas(280, 280, [{ x: 120, y: 40, w: 40, h: 200 }]), 280, 280)!;
    const { box } = describeRows(rows);
    expect(box?.height).toBe(MNIST_BOX);
    expect(box?.width).toBe(4);
    // A solid block stays solid: every pixel of the box is full ink.
    for (let y = box!.y; y < box!.y + box!.height; y++) {
      for (let x = box!.x; x < box!.x + box!.width; x++) expect(rows[y][x]).toBe(255);
    }
  });

  it('centers the ink by its center of mass', () => {
    const rows = preprocessDigit(canvas(280, 280, lShape(10, 10, 100)), 280, 280)!;
    const { box, com } = describeRows(rows);
    expect(Math.abs(com.x - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 13.5)).toBeLessThanOrEqual(0.5);
    // The L's mass sits low and left, so its box is pushed right and up of the geometric center.
    expect(box!.x).toBeGreaterThan((MNIST_SIZE - box!.width) / 2);
  });

  it('does not depend on where or how large the digit was drawn', () => {
    const small = preprocessDigit(canvas(280, 280, lShape(0, 0, 100)), 280, 280);
    const large = preprocessDigit(canvas(280, 280, lShape(70, 30, 200)), 280, 280);
    expect(large).toEqual(small);
  });

  it('enlarges a tiny drawing to the 20px box', () => {
    const rows = preprocessDigit(canvas(280, 280, [{ x: 5, y: 5, w: 10, h: 5 }]), 280, 280)!;
    const { box } = describeRows(rows);
    expect(box).toMatchObject({ width: 20, height: 10 });
  });

  it('reads RGBA buffers (as from getImageData) like grayscale ones', () => {
    const gray = canvas(280, 280, lShape(40, 60, 150));
    expect(preprocessDigit(toRgba(gray), 280, 280)).toEqual(preprocessDigit(gray, 280, 280));
  });

  it('ignores faint pixels below the threshold when finding the ink', () => {
    const pixels = canvas(100, 100, [
      { x: 0, y: 0, w: 1, h: 1, v: 5 },
      { x: 50, y: 20, w: 10, h: 40 },
    ]);
    const rows = preprocessDigit(pixels, 100, 100, { threshold: 10 })!;
    expect(describeRows(rows).box).toMatchObject({ width: 5, height: 20 });
  });

  it('rejects a buffer whose size does not match the dimensions', () => {
    expect(() => preprocessDigit(new Uint8ClampedArray(10), 28, 28)).toThrow(/expected 784/);
  });
});

describe('cropAndResize', () => {
  it('averages the pixels it shrinks together', () => {
    const gray = toGrayscale(canvas(4, 2, [{ x: 0, y: 0, w: 1, h: 2 }]), 4, 2);
    const out = cropAndResize(gray, { x: 0, y: 0, width: 4, height: 2 }, 2, 1);
    expect(Array.from(out.data)).toEqual([127.5, 0]);
  });
});
