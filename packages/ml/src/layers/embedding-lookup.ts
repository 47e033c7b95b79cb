import * as tf from '@tensorflow/tfjs';

/**
 * Rows of `table` [vocabulary, width] at `ids` → [...ids.shape, width], with a gradient that
 * adds each row's upstream gradient into a dense [vocabulary, width] tensor in one pass.
 *
 * Why not `tf.gather`: its gradient is `unsortedSegmentSum`, which the CPU backends run as one
 * masked sum per vocabulary entry, so a 20,000-word embedding costs 20,000 full passes per step.
 */
export function embeddingLookup(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [vocabulary, width] = table.shape as [number, number];
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, i, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const indices = tf.cast(i, 'int32');
    save([indices]);
    return {
      value: tf.gather(t, indices),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const grad = dy as tf.Tensor;
        const rows = saved[0]!.dataSync();
        const upstream = grad.dataSync();
        const out = new Float32Array(vocabulary * width);
        for (let r = 0; r < rows.length; r++) {
          const id = rows[r]!;
          if (id < 0 || id >= vocabulary) continue;
          const src = r * width;
          const dst = id * width;
          for (let c = 0; c < width; c++) out[dst + c]! += upstream[src + c]!;
        }
        return [tf.tensor2d(out, [vocabulary, width]), tf.zerosLike(saved[0]!)];
      },
    };
  });
  return lookup(table, ids);
}
