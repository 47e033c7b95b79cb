import type { RunEpoch } from '@qudao/client';

/** One line of a training chart: its points (epoch, value) and a label. */
export interface Curve {
  key: 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy';
  points: [number, number][];
}

/** The curves a run's epochs have: loss and accuracy, for training and validation. */
export function curvesOf(epochs: RunEpoch[]): Curve[] {
  const keys: Curve['key'][] = ['loss', 'valLoss', 'accuracy', 'valAccuracy'];
  return keys
    .map((key) => ({
      key,
      points: epochs
        .filter((e) => typeof e[key] === 'number' && Number.isFinite(e[key]))
        .map((e) => [e.epoch, e[key] as number] as [number, number]),
    }))
    .filter((c) => c.points.length > 0);
}

/** Maps curves into an SVG box: x over the epochs, y over [min, max] of the values (padded). */
export function scaleCurves(curves: Curve[], width: number, height: number, pad = 24) {
  const xs = curves.flatMap((c) => c.points.map((p) => p[0]));
  const ys = curves.flatMap((c) => c.points.map((p) => p[1]));
  const [x0, x1] = [Math.min(...xs, 1), Math.max(...xs, 2)];
  let [y0, y1] = [Math.min(...ys, 0), Math.max(...ys, 1e-9)];
  if (y0 === y1) y1 = y0 + 1;
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - ((y - y0) / (y1 - y0)) * (height - 2 * pad);
  return {
    lines: curves.map((c) => ({
      key: c.key,
      path: c.points
        .map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
        .join(' '),
    })),
    yRange: [y0, y1] as const,
    xRange: [x0, x1] as const,
  };
}
