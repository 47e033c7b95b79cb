import { describe, expect, it } from 'vitest';
import { curvesOf, scaleCurves } from './curves.ts';

describe('training curves', () => {
  it('keeps the figures each epoch has and scales them into the chart', () => {
    const epochs = [
      { epoch: 1, loss: 1, accuracy: 0.5, learningRate: 0.1, seconds: 1, samplesPerSecond: 10 },
      {
        epoch: 2,
        loss: 0.5,
        accuracy: 0.8,
        valLoss: 0.6,
        learningRate: 0.1,
        seconds: 1,
        samplesPerSecond: 10,
      },
    ];
    const curves = curvesOf(epochs);
    expect(curves.map((c) => c.key)).toEqual(['loss', 'valLoss', 'accuracy']);
    const scaled = scaleCurves(curves, 100, 100, 0);
    expect(scaled.lines[0]!.path).toBe('M0.0,0.0 L100.0,50.0');
    expect(scaled.yRange).toEqual([0, 1]);
  });
});
